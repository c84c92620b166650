/*
 * phaseret_bench: times ltfat/phaseret's offline PGHI and SPSI (single precision, FFTW) on magnitudes written by
 * Phase's benchmark report (`Phase.Benchmarks --offline-cpu --write-magnitudes DIR`), so that both libraries work on
 * exactly the same input. Our harness only; the C reference is fetched and built by scripts/bench-c-reference.sh.
 *
 * Usage: phaseret_bench [--once pghi|spsi] FILE.f32 SECONDS
 *   FILE.f32   raw little-endian float32, frame-major F x 513 (Hann 1024, hop 256, 22050 Hz)
 *   SECONDS    the audio length (for the report line only)
 *
 * Prints one line per measurement, in the format of Phase's `--offline-cpu --lines`:
 *   c METHOD SECONDS FRAMES best=MS median=MS calls=N
 * with per-thread CPU time (CLOCK_THREAD_CPUTIME_ID), best and median of N calls after warm-up calls (at least two,
 * and up to 60 or 2 s of CPU time). Methods:
 *   pghi           phaseret_pghi_execute_s at Phase's tolerance (one pass, tol = 1e-5, gamma = 0.25645 * 1024^2),
 *                  plus the inverse STFT (ltfat_idgtreal_fb_execute_s, canonical dual window): what Phase's
 *                  Pghi.Reconstruct does. The plans are made once, outside the timing (C's best case).
 *   pghi-phase     the same without the inverse STFT (Phase: Pghi.EstimateSpectrogram).
 *   pghi-default   phaseret_pghi_s as shipped (its own defaults: tol 0.1 then a second pass at 1e-10; plan made per
 *                  call), no inverse STFT: for context only, it is not the same work.
 *   spsi           phaseret_spsi_s plus the inverse STFT (Phase: Spsi.Reconstruct).
 *   spsi-phase     phaseret_spsi_s alone (Phase: Spsi.EstimateSpectrogram).
 * With --once, one call of the method including making its plans (as phaseret_pghi_s does), nothing else timed: run
 * it in a fresh process for the first-call cost.
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fftw3.h>
#include "ltfat.h"
#include "phaseret.h"

enum { WindowLength = 1024, Hop = 256, FftSize = 1024, Bins = FftSize / 2 + 1 };
static const double Tolerance = 1e-5; /* Phase's Pghi.DefaultTolerance */

static const float* s;      /* magnitudes, F x Bins, frame-major (ltfat: M2 x N, column-major) */
static ltfat_int frames, L;
static ltfat_complex_s* c;  /* coefficients */
static float* signal;       /* inverse STFT output, L samples */
static float* dual;         /* canonical dual window of the Hann window */
static phaseret_pghi_plan_s* pghiPlan;
static ltfat_idgtreal_fb_plan_s* synthesis;

static double thread_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static void check(int status, const char* what)
{
    if (status != LTFATERR_SUCCESS)
    {
        fprintf(stderr, "%s failed (%d)\n", what, status);
        exit(1);
    }
}

static double gamma_hann(void) { return 0.25645 * WindowLength * WindowLength; }

static void make_plans(void)
{
    float window[WindowLength];
    dual = malloc(sizeof(float) * WindowLength);
    check(ltfat_firwin_s(LTFAT_HANN, WindowLength, window), "ltfat_firwin_s");
    check(ltfat_gabdual_painless_s(window, WindowLength, Hop, FftSize, dual), "ltfat_gabdual_painless_s");
    check(ltfat_idgtreal_fb_init_s(dual, WindowLength, Hop, FftSize, LTFAT_FREQINV, FFTW_ESTIMATE, &synthesis), "ltfat_idgtreal_fb_init_s");
    check(phaseret_pghi_init_s(L, 1, Hop, FftSize, Tolerance, NAN, gamma_hann(), &pghiPlan), "phaseret_pghi_init_s");
}

static void free_plans(void)
{
    phaseret_pghi_done_s(&pghiPlan);
    ltfat_idgtreal_fb_done_s(&synthesis);
    free(dual);
}

static void run_pghi_phase(void) { check(phaseret_pghi_execute_s(pghiPlan, s, c), "phaseret_pghi_execute_s"); }
static void run_pghi(void)
{
    run_pghi_phase();
    check(ltfat_idgtreal_fb_execute_s(synthesis, c, L, 1, signal), "ltfat_idgtreal_fb_execute_s");
}
static void run_pghi_default(void) { check(phaseret_pghi_s(s, L, 1, Hop, FftSize, gamma_hann(), c), "phaseret_pghi_s"); }
static void run_spsi_phase(void) { check(phaseret_spsi_s(s, L, 1, Hop, FftSize, NULL, c), "phaseret_spsi_s"); }
static void run_spsi(void)
{
    run_spsi_phase();
    check(ltfat_idgtreal_fb_execute_s(synthesis, c, L, 1, signal), "ltfat_idgtreal_fb_execute_s");
}

static int compare(const void* a, const void* b)
{
    double x = *(const double*)a, y = *(const double*)b;
    return (x > y) - (x < y);
}

static void measure(const char* name, const char* seconds, int calls, void (*action)(void))
{
    double warm = thread_ms();
    for (int i = 0; i < 60 && (i < 2 || thread_ms() - warm < 2000); i++)
        action();

    double times[64];
    for (int i = 0; i < calls; i++)
    {
        double start = thread_ms();
        action();
        times[i] = thread_ms() - start;
    }

    qsort(times, calls, sizeof times[0], compare);
    double median = calls % 2 ? times[calls / 2] : 0.5 * (times[calls / 2 - 1] + times[calls / 2]);
    printf("c %s %s %ld best=%.3f median=%.3f calls=%d\n", name, seconds, (long)frames, times[0], median, calls);
    fflush(stdout);
}

int main(int argc, char** argv)
{
    const char* once = NULL;
    int a = 1;
    if (argc > 2 && strcmp(argv[1], "--once") == 0)
    {
        once = argv[2];
        a = 3;
    }

    if (argc - a != 2 || (once && strcmp(once, "pghi") && strcmp(once, "spsi")))
    {
        fprintf(stderr, "usage: %s [--once pghi|spsi] FILE.f32 SECONDS\n", argv[0]);
        return 2;
    }

    FILE* file = fopen(argv[a], "rb");
    if (!file) { perror(argv[a]); return 1; }
    fseek(file, 0, SEEK_END);
    long bytes = ftell(file);
    fseek(file, 0, SEEK_SET);
    float* values = malloc(bytes);
    if (fread(values, 1, bytes, file) != (size_t)bytes) { perror(argv[a]); return 1; }
    fclose(file);
    s = values;
    frames = bytes / (long)(sizeof(float) * Bins);
    L = frames * Hop;
    const char* seconds = argv[a + 1];
    c = malloc(sizeof(ltfat_complex_s) * Bins * frames);
    signal = malloc(sizeof(float) * L);

    if (once)
    {
        double start = thread_ms();
        make_plans();
        if (strcmp(once, "pghi") == 0) run_pghi(); else run_spsi();
        free_plans();
        double ms = thread_ms() - start;
        printf("c %s-once %s %ld best=%.3f median=%.3f calls=1\n", once, seconds, (long)frames, ms, ms);
        return 0;
    }

    double length = atof(seconds);
    int calls = length >= 600 ? 2 : length >= 60 ? 4 : 12;
    make_plans();
    measure("pghi", seconds, calls, run_pghi);
    measure("pghi-phase", seconds, calls, run_pghi_phase);
    measure("pghi-default", seconds, calls, run_pghi_default);
    measure("spsi", seconds, calls, run_spsi);
    measure("spsi-phase", seconds, calls, run_spsi_phase);
    free_plans();
    free(values); free(c); free(signal);
    return 0;
}
