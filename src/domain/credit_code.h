/*
 * credit_code: the unified social credit code (统一社会信用代码) of
 * GB 32100-2015: 18 characters from a 31-character alphabet (digits and
 * capitals without I, O, Z, S, V), the last a check character over the
 * first 17 with weights 3^i mod 31.
 */
#ifndef SKYWAY_DOMAIN_CREDIT_CODE_H
#define SKYWAY_DOMAIN_CREDIT_CODE_H

/* Returns the check character for 17 valid characters, or 0 when one of
 * them is outside the alphabet. */
char credit_code_check_char(const char *first17);
/* Returns 1 when s is a valid 18-character code, else 0. */
int credit_code_valid(const char *s);

#endif
