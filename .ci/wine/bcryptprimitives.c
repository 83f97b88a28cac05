/* For wine only: Wine 8 has no ProcessPrng in bcryptprimitives.dll, which
 * Rust's standard library (1.78 and later) imports for its random numbers
 * (HashMap's seeds). This stand-in gives it RtlGenRandom (SystemFunction036
 * of advapi32), which wine has. Real Windows 10 and later has ProcessPrng
 * and never sees this file; it is not part of tertial.exe. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
