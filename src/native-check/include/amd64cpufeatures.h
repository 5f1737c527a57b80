/*
 * Stand-in for GraalVM's include/amd64cpufeatures.h, written for vchkrcpt's native-compilability check
 * (scripts/native-check); not GraalVM's file. The image builder compiles small query programs
 * against this header to learn the layout of the C struct behind the svm 25.0.2 interface
 * com.oracle.svm.core.amd64.AMD64LibCHelper$CPUFeatures: one char per boolean @CField, in the
 * order javap lists the interface's methods. A field missing here stops the builder, so an svm
 * with new CPU features shows up at once. The functions live in GraalVM's libchelper, which only
 * the final link needs.
 */
#ifndef VCHKRCPT_STANDIN_AMD64CPUFEATURES_H
#define VCHKRCPT_STANDIN_AMD64CPUFEATURES_H

typedef struct {
    char fCX8;
    char fCMOV;
    char fFXSR;
    char fHT;
    char fMMX;
    char fAMD_3DNOW_PREFETCH;
    char fSSE;
    char fSSE2;
    char fSSE3;
    char fSSSE3;
    char fSSE4A;
    char fSSE4_1;
    char fSSE4_2;
    char fPOPCNT;
    char fLZCNT;
    char fTSC;
    char fTSCINV;
    char fTSCINV_BIT;
    char fAVX;
    char fAVX2;
    char fAES;
    char fERMS;
    char fCLMUL;
    char fBMI1;
    char fBMI2;
    char fRTM;
    char fADX;
    char fAVX512F;
    char fAVX512DQ;
    char fAVX512PF;
    char fAVX512ER;
    char fAVX512CD;
    char fAVX512BW;
    char fAVX512VL;
    char fSHA;
    char fFMA;
    char fVZEROUPPER;
    char fAVX512_VPOPCNTDQ;
    char fAVX512_VPCLMULQDQ;
    char fAVX512_VAES;
    char fAVX512_VNNI;
    char fFLUSH;
    char fFLUSHOPT;
    char fCLWB;
    char fAVX512_VBMI2;
    char fAVX512_VBMI;
    char fHV;
    char fSERIALIZE;
    char fRDTSCP;
    char fRDPID;
    char fFSRM;
    char fGFNI;
    char fAVX512_BITALG;
    char fPKU;
    char fOSPKE;
    char fCET_IBT;
    char fCET_SS;
    char fF16C;
    char fAVX512_IFMA;
    char fAVX_IFMA;
    char fAPX_F;
    char fSHA512;
    char fAVX512_FP16;
    char fAVX10_1;
    char fAVX10_2;
} CPUFeatures;

void determineCPUFeatures(CPUFeatures *features);
int checkCPUFeatures(const char *buildtimeCPUFeatureMask);
int checkCPUFeaturesOrExit(const char *buildtimeCPUFeatureMask, const char *errorMessage);

#endif
