/*
 * Stand-in for GraalVM's include/svm_locale.h, written for vchkrcpt's native-compilability check
 * (scripts/native-check). The image builder reads the two @CConstant values and the layout of the
 * @CStruct svm_locale_props_t of com.oracle.svm.core.c.locale.LocaleCHelper (svm 25.0.2) from it.
 * The constants have GraalVM's values; the functions are in GraalVM's libchelper, which only the
 * final link needs.
 */
#ifndef VCHKRCPT_STANDIN_SVM_LOCALE_H
#define VCHKRCPT_STANDIN_SVM_LOCALE_H

#define SVM_LOCALE_INITIALIZATION_SUCCEEDED 1
#define SVM_LOCALE_INITIALIZATION_OUT_OF_MEMORY 2

typedef struct {
    char *format_language;
    char *format_script;
    char *format_country;
    char *format_variant;
    char *display_language;
    char *display_script;
    char *display_country;
    char *display_variant;
} svm_locale_props_t;

int svm_initialize_locale(void);
svm_locale_props_t *svm_get_locale(void);

#endif
