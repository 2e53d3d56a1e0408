"""Which LAME settings keep callprep's clips as intelligible, for how much CPU? Compared on the
signal, not on file sizes.

Every phrase of the catalogue is spoken by eSpeak NG (normal and slow, 22,050 Hz), encoded at the
same bitrate (callprep's MP3_BITRATE) with each setting (LAME's quality, and the sample rate LAME
resamples to), decoded again (FFmpeg, through PyAV), brought back to 22,050 Hz and compared with
the PCM that went in: STOI (short-time objective intelligibility, 0..1), the segmental SNR, the
log-spectral distance in the telephone band (300-3400 Hz) and above it (to 7 kHz, below every
setting's cut-off), and clip by clip against the earlier setting (quality 2 at 22,050 Hz). Also the
CPU time to encode and the sizes.

Run: python benchmarks/lame_quality.py   (needs numpy, scipy, pystoi and av besides callprep)
"""

from __future__ import annotations

import io
import statistics
import tempfile
import time
from pathlib import Path

import av
import lameenc
import numpy as np
from pystoi import stoi
from scipy.signal import resample_poly

from callprep.i18n import localizer
from callprep.speech import espeak
from callprep.speech.selection import phrases_for_audio
from callprep.speech.text import for_speech

EARLIER = (2, 22050)  # (quality, sample rate of the MP3) callprep used before
SETTINGS = (EARLIER, (espeak.MP3_QUALITY, espeak.MP3_SAMPLE_RATE), (7, 22050), (7, 16000), (3, 16000))


def encode(pcm: bytes, rate: int, quality: int, out_rate: int) -> bytes:
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(espeak.MP3_BITRATE)
    encoder.set_in_sample_rate(rate)
    encoder.set_out_sample_rate(out_rate)
    encoder.set_channels(1)
    encoder.set_quality(quality)
    return bytes(encoder.encode(pcm) + encoder.flush())


def decode(mp3: bytes) -> tuple[np.ndarray, int]:
    with av.open(io.BytesIO(mp3)) as container:
        stream = container.streams.audio[0]
        frames = [frame.to_ndarray().astype(np.float64).reshape(-1) for frame in container.decode(stream)]
        signal = np.concatenate(frames)
        if stream.format.name.startswith(("flt", "dbl")):  # floating point in -1..1: scale to 16 bits
            signal = signal * 32768
        return signal, stream.rate


def aligned(reference: np.ndarray, decoded: np.ndarray) -> np.ndarray:
    """The decoded signal shifted by the encoder's and decoder's delay, cut to the reference's length."""
    window = 4000
    decoded = np.pad(decoded, (0, max(0, len(reference) + window - len(decoded))))
    head = reference[: min(len(reference), 20000)]
    best = max(range(window), key=lambda lag: float(np.dot(head, decoded[lag : lag + len(head)])))
    out = decoded[best : best + len(reference)]
    return np.pad(out, (0, len(reference) - len(out)))


def band_lsd(reference: np.ndarray, decoded: np.ndarray, rate: int, low: float, high: float) -> float:
    """Log-spectral distance in dB over the band: frames with speech (within 40 dB of the loudest)
    and, in each, the bins that carry it (within 30 dB of its loudest bin in the band)."""
    size, hop = 512, 256
    count = (len(reference) - size) // hop
    window = np.hanning(size)
    spectra = []
    for signal in (reference, decoded):
        frames = np.stack([signal[i * hop : i * hop + size] * window for i in range(count)])
        spectra.append(np.abs(np.fft.rfft(frames, axis=1)) ** 2 + 1e-9)
    freqs = np.fft.rfftfreq(size, 1 / rate)
    band = (freqs >= low) & (freqs < high)
    energy = 10 * np.log10(spectra[0].sum(axis=1))
    speech = energy > energy.max() - 40
    reference_db = 10 * np.log10(spectra[0][speech][:, band])
    decoded_db = 10 * np.log10(spectra[1][speech][:, band])
    # only the bins that carry the speech: within 30 dB of the frame's loudest bin in the band
    audible = reference_db > reference_db.max(axis=1, keepdims=True) - 30
    difference = np.where(audible, reference_db - decoded_db, 0.0)
    return float(np.mean(np.sqrt(np.sum(difference**2, axis=1) / np.maximum(audible.sum(axis=1), 1))))


def segmental_snr(reference: np.ndarray, decoded: np.ndarray, size: int = 512) -> float:
    values = []
    for start in range(0, len(reference) - size, size):
        ref, out = reference[start : start + size], decoded[start : start + size]
        power = np.sum(ref**2)
        if power < 1e3 * size:  # silence
            continue
        noise = np.sum((ref - out) ** 2) + 1e-9
        values.append(min(35.0, max(-10.0, 10 * np.log10(power / noise))))
    return float(np.mean(values))


def label(setting: tuple[int, int]) -> str:
    quality, rate = setting
    now = " (callprep)" if setting == (espeak.MP3_QUALITY, espeak.MP3_SAMPLE_RATE) else ""
    return f"q{quality} {rate / 1000:g} kHz{now}"


def main() -> None:
    import warnings

    warnings.filterwarnings("ignore", module="pystoi")  # a clip too short for STOI's frames scores 1e-5 in all
    phrases = phrases_for_audio(None, None, localizer("en"))
    with tempfile.TemporaryDirectory() as work:
        lib, rate = espeak._library(Path(work))
        clips = [
            np.frombuffer(pcm, dtype=np.int16)
            for phrase in phrases
            for slow in (False, True)
            for pcm in [espeak._speak(lib, for_speech(phrase.ru), slow, stop=lambda: False)]
        ]
    seconds = sum(map(len, clips)) / rate
    print(f"{len(clips)} clips (every phrase, normal and slow): {seconds:.0f} s at {rate} Hz")
    print(f"all encoded at {espeak.MP3_BITRATE} kbit/s, mono")
    results: dict[tuple[int, int], dict[str, list[float]]] = {}
    decoded_by_setting: dict[tuple[int, int], list[np.ndarray]] = {}
    for setting in SETTINGS:
        quality, out_rate = setting
        figures = results[setting] = {"cpu": [], "bytes": [], "stoi": [], "snr": [], "lsd_tel": [], "lsd_high": []}
        decoded_by_setting[setting] = []
        for _ in range(3):  # the least CPU of three passes
            start = time.process_time()
            encoded = [encode(pcm.tobytes(), rate, quality, out_rate) for pcm in clips]
            figures["cpu"].append(time.process_time() - start)
        for pcm, mp3 in zip(clips, encoded, strict=True):
            figures["bytes"].append(len(mp3))
            signal, decoded_rate = decode(mp3)
            assert decoded_rate == out_rate
            if decoded_rate != rate:
                signal = resample_poly(signal, rate, decoded_rate)
            reference = pcm.astype(np.float64)
            out = aligned(reference, signal)
            decoded_by_setting[setting].append(out)
            figures["stoi"].append(stoi(reference, out, rate, extended=False))
            figures["snr"].append(segmental_snr(reference, out))
            figures["lsd_tel"].append(band_lsd(reference, out, rate, 300, 3400))
            figures["lsd_high"].append(band_lsd(reference, out, rate, 3400, 7000))
    print(
        f"{'setting':>22} {'CPU s':>6} {'bytes':>9} {'STOI':>7} {'segSNR dB':>10} "
        f"{'LSD 300-3400 Hz':>15} {'LSD 3400-7000':>14}"
    )
    for setting, figures in results.items():
        print(
            f"{label(setting):>22} {min(figures['cpu']):>6.2f} {sum(figures['bytes']):>9} "
            f"{statistics.mean(figures['stoi']):>7.4f} {statistics.mean(figures['snr']):>10.2f} "
            f"{statistics.mean(figures['lsd_tel']):>15.2f} {statistics.mean(figures['lsd_high']):>14.2f}"
        )
    for setting in SETTINGS[1:]:
        gaps = [a - b for a, b in zip(results[EARLIER]["stoi"], results[setting]["stoi"], strict=True)]
        worse = sum(1 for gap in gaps if gap > 0.01)
        between = [
            band_lsd(a, b, rate, 300, 3400)
            for a, b in zip(decoded_by_setting[EARLIER], decoded_by_setting[setting], strict=True)
        ]
        print(
            f"{label(setting)} against {label(EARLIER)}, clip by clip: STOI lower by {statistics.mean(gaps):+.4f} "
            f"on average, by {max(gaps):+.4f} at most, by more than 0.01 in {worse} of {len(gaps)} clips; "
            f"LSD between the two decodings (300-3400 Hz) {statistics.mean(between):.2f} dB"
        )


if __name__ == "__main__":
    main()
