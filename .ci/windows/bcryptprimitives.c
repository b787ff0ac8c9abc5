/*
 * bcryptprimitives.dll for Wine only: Wine 8.0 (Debian bookworm) ships no
 * such DLL, while every Windows program built by Rust 1.78 or later imports
 * ProcessPrng from it (random keys of hash maps, seeds). Windows 10 and
 * Server 2016 have the real one; this file never leaves CI.
 *
 * ProcessPrng fills a buffer with random bytes and always succeeds on
 * Windows; here the bytes come from RtlGenRandom (advapi32's
 * SystemFunction036), in pieces its ULONG length can hold.
 */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE buffer, SIZE_T length)
{
    const SIZE_T largest = 0x7fffffff;
    while (length > 0) {
        ULONG piece = (ULONG)(length < largest ? length : largest);
        if (!RtlGenRandom(buffer, piece)) {
            return FALSE;
        }
        buffer += piece;
        length -= piece;
    }
    return TRUE;
}
