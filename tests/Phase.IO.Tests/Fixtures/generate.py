#!/usr/bin/python3
"""Regenerates the Phase.IO test fixtures with tools independent of Phase: sox, libsndfile (python3-soundfile),
scipy.io.wavfile and NumPy.

Run from this directory with Debian's interpreter: /usr/bin/python3 generate.py
(numpy 1.24, scipy 1.10, soundfile 0.12 / libsndfile 1.2, SoX 14.4.2 were used for the committed files.)

For every readable audio fixture NAME.wav it writes NAME.expected.txt:
    line 1: "<sample_rate> <channels> <frames> <kind>" where kind is "pcm<bits>" or "float"
    then one line per frame, channel values separated by spaces:
        pcm<bits>: the integer code q as libsndfile decodes it (the reader must return q / 2^(bits-1));
        float:     the sample as a decimal that round-trips the stored float32/float64 exactly.
The PCM codes are cross-checked against sox's own decoding (raw 32-bit output) and against libsndfile's
normalised float64 read, so a disagreement between the tools stops the script.

For every .npy fixture NAME.npy that Phase reads it writes NAME.expected.txt:
    line 1: the shape, space separated ("scalar" for 0-d), line 2: the dtype descr,
    then the values in C order, one per line, as exact decimals of the stored values.
"""
import os
import subprocess

import numpy as np
import scipy.io.wavfile
import soundfile as sf


def sox(*args):
    subprocess.run(["sox", "-R", *args], check=True)


def pcm_codes_from_sox(path, bits):
    raw = subprocess.run(["sox", "-D", path, "-t", "s32", "-"], check=True, capture_output=True).stdout
    channels = int(subprocess.run(["soxi", "-c", path], check=True, capture_output=True, text=True).stdout)
    codes = np.frombuffer(raw, dtype="<i4").reshape(-1, channels)
    return codes >> (32 - bits)


def write_wav_expected(path, kind_bits=None):
    info = sf.info(path)
    name = os.path.splitext(path)[0] + ".expected.txt"
    with open(name, "w") as out:
        if kind_bits is not None:
            bits = kind_bits
            codes = sf.read(path, dtype="int32", always_2d=True)[0] >> (32 - bits)
            # Cross-checks: sox decodes the same codes, and libsndfile's float64 read is q / 2^(bits-1).
            if bits != 8:
                assert np.array_equal(codes, pcm_codes_from_sox(path, bits)), path
            normalised = sf.read(path, dtype="float64", always_2d=True)[0]
            assert np.array_equal(normalised, codes / float(2 ** (bits - 1))), path
            out.write(f"{info.samplerate} {info.channels} {codes.shape[0]} pcm{bits}\n")
            for frame in codes:
                out.write(" ".join(str(int(v)) for v in frame) + "\n")
        else:
            values = sf.read(path, dtype="float64", always_2d=True)[0]
            out.write(f"{info.samplerate} {info.channels} {values.shape[0]} float\n")
            for frame in values:
                out.write(" ".join(repr(float(v)) for v in frame) + "\n")


def wav_fixtures():
    # sox: classic headers for <= 16 bits and <= 2 channels, WAVE_FORMAT_EXTENSIBLE (+ fact) otherwise.
    sox("-n", "-r", "8000", "-b", "8", "-e", "unsigned-integer", "-c", "1", "sox_u8_mono.wav",
        "synth", "0.03", "sine", "440", "vol", "0.9")
    write_wav_expected("sox_u8_mono.wav", 8)
    sox("-D", "-n", "-r", "16000", "-b", "16", "-c", "2", "sox_s16_stereo.wav",
        "synth", "0.03", "sine", "440", "square", "1000", "vol", "3")  # clipped: both ends of the code range occur
    write_wav_expected("sox_s16_stereo.wav", 16)
    sox("-n", "-r", "16000", "-b", "24", "-c", "2", "sox_s24_stereo_ext.wav",
        "synth", "0.02", "sine", "440", "sine", "3000", "vol", "0.7")
    write_wav_expected("sox_s24_stereo_ext.wav", 24)
    sox("-n", "-r", "22050", "-b", "32", "-e", "signed-integer", "-c", "1", "sox_s32_mono_ext.wav",
        "synth", "0.02", "sine", "440", "vol", "0.8")
    write_wav_expected("sox_s32_mono_ext.wav", 32)
    sox("-n", "-r", "16000", "-b", "32", "-e", "floating-point", "-c", "1", "sox_f32_mono.wav",
        "synth", "0.03", "sine", "440", "vol", "0.5")
    write_wav_expected("sox_f32_mono.wav")
    sox("-n", "-r", "8000", "-b", "64", "-e", "floating-point", "-c", "1", "sox_f64_mono.wav",
        "synth", "0.02", "sine", "1000", "vol", "0.5")
    write_wav_expected("sox_f64_mono.wav")
    sox("-D", "-n", "-r", "8000", "-b", "16", "-c", "6", "sox_s16_6ch_ext.wav",
        "synth", "0.02", "sine", "100", "sine", "200", "sine", "300", "sine", "400", "sine", "500", "sine", "600")
    write_wav_expected("sox_s16_6ch_ext.wav", 16)

    # libsndfile: a LIST/INFO chunk with odd-length strings, a PEAK chunk for float, WAVEX, and odd frame counts so
    # the data chunk itself needs a pad byte.
    t = np.arange(201) / 8000.0
    tone = 0.6 * np.sin(2 * np.pi * 440 * t)
    with sf.SoundFile("sf_s16_mono_list.wav", "w", 8000, 1, "PCM_16", format="WAV") as f:
        f.title = "Phase fixture"  # 13 characters: odd, so the sub-chunk is padded
        f.artist = "sox-free oracle"
        f.write(tone)
    write_wav_expected("sf_s16_mono_list.wav", 16)
    stereo = np.stack([tone, -0.5 * tone], axis=1)
    sf.write("sf_f32_stereo_peak.wav", stereo, 8000, "FLOAT", format="WAV")
    write_wav_expected("sf_f32_stereo_peak.wav")
    sf.write("sf_s24_mono_wavex_odd.wav", tone, 8000, "PCM_24", format="WAVEX")  # 201 × 3 bytes: odd data size
    write_wav_expected("sf_s24_mono_wavex_odd.wav", 24)
    sf.write("sf_u8_mono_odd.wav", tone, 8000, "PCM_U8", format="WAV")  # 201 bytes: odd data size
    write_wav_expected("sf_u8_mono_odd.wav", 8)

    # scipy.io.wavfile: a third, independent writer (classic float header).
    scipy.io.wavfile.write("scipy_f32_mono.wav", 8000, (0.25 * np.cos(2 * np.pi * 300 * t)).astype(np.float32))
    write_wav_expected("scipy_f32_mono.wav")
    scipy.io.wavfile.write("scipy_s16_stereo.wav", 8000,
                           (np.stack([tone, tone[::-1]], axis=1) * 32767).astype(np.int16))
    write_wav_expected("scipy_s16_stereo.wav", 16)

    # Valid WAV files in encodings Phase does not decode (NotSupportedException expected).
    short = tone[:64]
    sf.write("unsupported_ulaw.wav", short, 8000, "ULAW", format="WAV")
    sf.write("unsupported_alaw.wav", short, 8000, "ALAW", format="WAV")
    sf.write("unsupported_ima_adpcm.wav", short, 8000, "IMA_ADPCM", format="WAV")
    sf.write("unsupported_ms_adpcm.wav", short, 8000, "MS_ADPCM", format="WAV")
    sf.write("unsupported_wavex_ulaw.wav", short, 8000, "ULAW", format="WAVEX")
    sf.write("unsupported_rf64.wav", short, 8000, "PCM_16", format="RF64")


def write_npy_expected(name, array):
    with open(name + ".expected.txt", "w") as out:
        out.write((" ".join(str(d) for d in array.shape) if array.ndim else "scalar") + "\n")
        out.write(array.dtype.str + "\n")
        for v in np.ascontiguousarray(array).reshape(-1):
            out.write(repr(float(v)) + "\n")


def npy_fixtures():
    base = (np.arange(15, dtype=np.float64) * 0.37 - 2.0).reshape(3, 5)
    thirds = (np.arange(12, dtype=np.float64) / 3.0 - 1.5).reshape(4, 3)
    cube = (np.arange(24, dtype=np.float64) * 0.125 - 1.0).reshape(2, 3, 4)
    cases = {
        "np_f4_c_2d": base.astype("<f4"),
        "np_f8_c_2d": thirds.astype("<f8"),
        "np_f4_be": base.astype(">f4"),
        "np_f8_be": thirds.astype(">f8"),
        "np_f4_fortran_3d": np.asfortranarray(cube.astype("<f4")),
        "np_f8_fortran_2d": np.asfortranarray(thirds.astype("<f8")),
        "np_f2": np.array([0.0, 1.0, -2.5, 65504.0, 6.1e-5, 1e-7, np.inf, -0.333], dtype="<f2"),
        "np_f4_1d": np.linspace(-1, 1, 7, dtype="<f4"),
        "np_f4_scalar": np.array(3.5, dtype="<f4"),
        "np_f4_empty": np.zeros((0, 4), dtype="<f4"),
        "np_f8_3d_c": cube.astype("<f8"),
    }
    for name, array in cases.items():
        np.save(name + ".npy", array)
        write_npy_expected(name, array)
    for version in [(2, 0), (3, 0)]:
        name = f"np_f4_v{version[0]}"
        with open(name + ".npy", "wb") as f:
            np.lib.format.write_array(f, base.astype("<f4"), version=version)
        write_npy_expected(name, base.astype("<f4"))
    # Valid .npy files with dtypes Phase does not read (NotSupportedException expected).
    np.save("unsupported_i4.npy", np.arange(6, dtype="<i4").reshape(2, 3))
    np.save("unsupported_c8.npy", np.ones(3, dtype="<c8"))
    np.save("unsupported_object.npy", np.array([{"a": 1}, None], dtype=object), allow_pickle=True)
    np.save("unsupported_structured.npy", np.zeros(2, dtype=[("x", "<f4"), ("y", "<i2")]))
    np.savez("unsupported_archive.npz", a=base)


if __name__ == "__main__":
    wav_fixtures()
    npy_fixtures()
