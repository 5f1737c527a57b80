/*
 * Stand-in for GraalVM's include/riscv64cpufeatures.h, written for vchkrcpt's native-compilability check
 * (scripts/native-check); not GraalVM's file. The image builder compiles small query programs
 * against this header to learn the layout of the C struct behind the svm 25.0.2 interface
 * com.oracle.svm.core.riscv64.RISCV64LibCHelper$CPUFeatures: one char per boolean @CField, in the
 * order javap lists the interface's methods. A field missing here stops the builder, so an svm
 * with new CPU features shows up at once. The functions live in GraalVM's libchelper, which only
 * the final link needs.
 */
#ifndef VCHKRCPT_STANDIN_RISCV64CPUFEATURES_H
#define VCHKRCPT_STANDIN_RISCV64CPUFEATURES_H

typedef struct {
    char fI;
    char fM;
    char fA;
    char fF;
    char fD;
    char fC;
    char fV;
} CPUFeatures;

void determineCPUFeatures(CPUFeatures *features);
int checkCPUFeatures(const char *buildtimeCPUFeatureMask);
int checkCPUFeaturesOrExit(const char *buildtimeCPUFeatureMask, const char *errorMessage);

#endif
