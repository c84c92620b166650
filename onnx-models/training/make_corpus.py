#!/usr/bin/env python3
"""Regenerates the synthetic speech corpus for Phase's neural models into onnx-models/training/corpus/ (git-ignored).

Usage (from the repository root):
    nice -n 10 /usr/bin/python3 onnx-models/training/make_corpus.py [--train 1800] [--jobs 1]

Needs Debian packages: festival, festvox-kdlpc16k, festvox-kallpc16k, festvox-us-slt-hts, festvox-ca-ona-hts,
festvox-italp16k, festvox-itapc16k, festvox-suopuhe-lj, festvox-suopuhe-mv, festvox-czech-dita, espeak-ng, sox.
The script stops with the apt-get line if a voice is missing, so that every machine builds the same corpus.

Splits (by voice AND by sentence):
  * sentences (sentences.txt) go to test / val / train by a hash of their text (10 % / 8 % / 82 %);
    the repository's held-out sentences (demo clip, tests/fixtures/speech) are refused if they appear;
  * voices: the four held-out voices of the repository (festival cmu_us_slt_arctic_hts and kal_diphone, espeak-ng
    en-us+f3 and en-gb+m3) and every espeak-ng voice with variant f3 or m3 are test-only; festival pc_diphone and
    espeak-ng variants f5 / m6 are validation-only; everything else trains.
Train utterances get random espeak speed/pitch, sox tempo/pitch shifts and a little reverb; validation and test
utterances are clean, processed exactly like scripts/make-speech-fixtures.sh (22050 Hz mono 16-bit, silence trimmed
to 0.1 s, peak -1 dBFS). Level variation is applied at training time (the models are trained with random gains).
Output: corpus/{train,val,test}/*.wav and corpus/manifest.tsv (split, file, voice, sentence index, seconds, effects, text).
"""
from __future__ import annotations

import argparse
import hashlib
import os
import random
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))

HELD_OUT_SENTENCES = [
    "Phase turns a magnitude spectrogram back into speech, one frame at a time.",
    "Seven bright stars were shining over the quiet harbour.",
    "Please call Stella and ask her to bring these things.",
    "A large red ball rolled slowly down the wooden steps.",
]

FESTIVAL_TRAIN = ["ked_diphone", "upc_ca_ona_hts", "czech_dita", "czech_ph", "hy_fi_mv_diphone",
                  "suo_fi_lj_diphone", "lp_diphone"]
FESTIVAL_VAL = ["pc_diphone"]
FESTIVAL_TEST = ["cmu_us_slt_arctic_hts", "kal_diphone"]

ESPEAK_BASES = ["en-us", "en-gb", "en-gb-scotland", "en-029", "en-gb-x-rp", "en-gb-x-gbclan", "en-gb-x-gbcwmd",
                "en-us-nyc"]
ESPEAK_TRAIN_VARIANTS = ["m1", "m2", "m4", "m5", "m7", "m8", "f1", "f2", "f4", "klatt", "klatt2", "klatt3",
                         "klatt4", "Alex", "Annie", "Andy", "anika", "belinda", "edward", "iven", "linda", "max",
                         "michel", "norbert", "steph", "robert"]
ESPEAK_VAL = ["en-us+f5", "en-gb-scotland+m6", "en-029+f5", "en-gb+m6"]
# The fixture voices with the fixture settings, and two more voices with the held-out variants.
ESPEAK_TEST = [("en-us+f3", ["-s", "150"]), ("en-gb+m3", ["-s", "140", "-p", "40"]),
               ("en-gb-scotland+f3", ["-s", "160"]), ("en-029+m3", ["-s", "150"])]

APT_HINT = ("sudo apt-get install festival festvox-kdlpc16k festvox-kallpc16k festvox-us-slt-hts festvox-ca-ona-hts "
            "festvox-italp16k festvox-itapc16k festvox-suopuhe-lj festvox-suopuhe-mv festvox-czech-dita espeak-ng sox")

FINISH = ["rate", "-v", "silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse",
          "pad", "0.1", "0.1"]


def load_sentences():
    out = []
    with open(os.path.join(HERE, "sentences.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                out.append(line)
    norm = {s.lower().strip(" .") for s in HELD_OUT_SENTENCES}
    for s in out:
        if s.lower().strip(" .") in norm:
            sys.exit(f"sentences.txt contains a held-out sentence: {s!r}")
    if len(set(out)) != len(out):
        sys.exit("sentences.txt has duplicate lines")
    return out


def sentence_split(text: str) -> str:
    h = int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "test" if h < 10 else ("val" if h < 18 else "train")


def check_voices():
    missing = []
    for v in FESTIVAL_TRAIN + FESTIVAL_VAL + FESTIVAL_TEST:
        found = False
        for root, dirs, _ in os.walk("/usr/share/festival/voices"):
            if v in dirs:
                found = True
                break
        if not found:
            missing.append(v)
    for tool in ("text2wave", "espeak-ng", "sox", "soxi"):
        if subprocess.run(["which", tool], capture_output=True).returncode != 0:
            missing.append(tool)
    if missing:
        sys.exit(f"missing voices/tools: {', '.join(missing)}\ninstall with: {APT_HINT}")


def synth(job, tmpdir):
    """job: dict with engine, voice, args, text, effects, out. Returns duration in seconds."""
    raw = os.path.join(tmpdir, os.path.basename(job["out"]) + ".raw.wav")
    if job["engine"] == "festival":
        txt = raw + ".txt"
        with open(txt, "w", encoding="utf-8") as f:
            f.write(job["text"] + "\n")
        subprocess.run(["text2wave", "-eval", f"(voice_{job['voice']})", txt, "-o", raw], check=True,
                       capture_output=True)
    else:
        subprocess.run(["espeak-ng", "-v", job["voice"], *job["args"], "-w", raw, job["text"]], check=True,
                       capture_output=True)
    # Effects run at the source rate, then the fixtures' finish chain (resample, trim, pad, normalise).
    cmd = ["sox", raw, "-r", "22050", "-c", "1", "-b", "16", job["out"], *job["effects"], *FINISH,
           "gain", "-n", "-1"]
    subprocess.run(cmd, check=True, capture_output=True)
    os.remove(raw)
    r = subprocess.run(["soxi", "-D", job["out"]], check=True, capture_output=True, text=True)
    return float(r.stdout.strip())


def plan(args, sentences):
    rng = random.Random(args.seed)
    by_split = {"train": [], "val": [], "test": []}
    for i, s in enumerate(sentences):
        by_split[sentence_split(s)].append(i)
    jobs = []

    def add(split, engine, voice, vargs, si, effects):
        name = f"{split}-{len(jobs):05d}-{voice.replace('+', '_')}.wav"
        jobs.append(dict(split=split, engine=engine, voice=voice, args=vargs, sentence=si, text=sentences[si],
                         effects=effects, out=os.path.join(args.out, split, name)))

    # Training: random voice, random train sentence, random augmentation.
    espeak_train = [f"{b}+{v}" for b in ESPEAK_BASES for v in ESPEAK_TRAIN_VARIANTS]
    for _ in range(args.train):
        si = rng.choice(by_split["train"])
        effects = []
        if rng.random() < args.festival_share:
            engine, voice, vargs = "festival", rng.choice(FESTIVAL_TRAIN), []
            if rng.random() < 0.5:
                effects += ["pitch", str(rng.randint(-400, 400))]
        else:
            engine, voice = "espeak", rng.choice(espeak_train)
            vargs = ["-s", str(rng.randint(120, 195)), "-p", str(rng.randint(20, 80))]
        if rng.random() < 0.3:
            effects += ["tempo", f"{rng.uniform(0.85, 1.15):.3f}"]
        if rng.random() < 0.12:
            effects += ["reverb", str(rng.randint(10, 50)), "50", str(rng.randint(20, 80))]
        add("train", engine, voice, vargs, si, effects)
    # Validation: every validation voice reads every validation sentence (clean).
    for voice in FESTIVAL_VAL:
        for si in by_split["val"]:
            add("val", "festival", voice, [], si, [])
    for voice in ESPEAK_VAL:
        for si in by_split["val"]:
            add("val", "espeak", voice, ["-s", "150"], si, [])
    # Test: the held-out voices read the test sentences (clean).
    for voice in FESTIVAL_TEST:
        for si in by_split["test"]:
            add("test", "festival", voice, [], si, [])
    for voice, vargs in ESPEAK_TEST:
        for si in by_split["test"]:
            add("test", "espeak", voice, vargs, si, [])
    return jobs, by_split


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(HERE, "corpus"))
    ap.add_argument("--train", type=int, default=1800, help="number of training utterances")
    ap.add_argument("--festival-share", type=float, default=0.35)
    ap.add_argument("--seed", type=int, default=20250)
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args()
    check_voices()
    sentences = load_sentences()
    jobs, by_split = plan(args, sentences)
    print(f"sentences: train {len(by_split['train'])}, val {len(by_split['val'])}, test {len(by_split['test'])}; "
          f"utterances: {len(jobs)}", flush=True)
    for split in ("train", "val", "test"):
        os.makedirs(os.path.join(args.out, split), exist_ok=True)
    rows = [None] * len(jobs)
    with tempfile.TemporaryDirectory() as tmpdir:
        def run(i):
            job = jobs[i]
            try:
                dur = synth(job, tmpdir)
            except subprocess.CalledProcessError as e:
                print(f"failed: {job['voice']} {job['text']!r}: {e.stderr!r}", flush=True)
                return
            rows[i] = (job["split"], os.path.relpath(job["out"], args.out), job["voice"], str(job["sentence"]),
                       f"{dur:.3f}", " ".join(job["args"] + job["effects"]) or "-", job["text"])
            if i % 100 == 0:
                print(f"{i}/{len(jobs)}", flush=True)
        with ThreadPoolExecutor(max_workers=args.jobs) as ex:
            list(ex.map(run, range(len(jobs))))
    manifest = os.path.join(args.out, "manifest.tsv")
    tmp = manifest + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("split\tfile\tvoice\tsentence\tseconds\teffects\ttext\n")
        for r in rows:
            if r is not None:
                f.write("\t".join(r) + "\n")
    os.replace(tmp, manifest)
    for split in ("train", "val", "test"):
        secs = [float(r[4]) for r in rows if r is not None and r[0] == split]
        print(f"{split}: {len(secs)} utterances, {sum(secs) / 60:.1f} min, "
              f"min {min(secs):.2f} s, max {max(secs):.2f} s", flush=True)


if __name__ == "__main__":
    main()
