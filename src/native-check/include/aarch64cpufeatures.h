/*
 * Stand-in for GraalVM's include/aarch64cpufeatures.h, written for vchkrcpt's native-compilability check
 * (scripts/native-check); not GraalVM's file. The image builder compiles small query programs
 * against this header to learn the layout of the C struct behind the svm 25.0.2 interface
 * com.oracle.svm.core.aarch64.AArch64LibCHelper$CPUFeatures: one char per boolean @CField, in the
 * order javap lists the interface's methods. A field missing here stops the builder, so an svm
 * with new CPU features shows up at once. The functions live in GraalVM's libchelper, which only
 * the final link needs.
 */
#ifndef VCHKRCPT_STANDIN_AARCH64CPUFEATURES_H
#define VCHKRCPT_STANDIN_AARCH64CPUFEATURES_H

typedef struct {
    char fFP;
    char fASIMD;
    char fEVTSTRM;
    char fAES;
    char fPMULL;
    char fSHA1;
    char fSHA2;
    char fCRC32;
    char fLSE;
    char fDCPOP;
    char fSHA3;
    char fSHA512;
    char fSVE;
    char fSVE2;
    char fSTXR_PREFETCH;
    char fA53MAC;
    char fDMB_ATOMICS;
    char fPACA;
    char fSVEBITPERM;
    char fFPHP;
    char fASIMDHP;
} CPUFeatures;

void determineCPUFeatures(CPUFeatures *features);
int checkCPUFeatures(const char *buildtimeCPUFeatureMask);
int checkCPUFeaturesOrExit(const char *buildtimeCPUFeatureMask, const char *errorMessage);

#endif
