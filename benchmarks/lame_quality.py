"""Is LAME's quality 7 as intelligible as quality 2 for callprep's clips? Compared on the signal,
not on file sizes.

Every phrase of the catalogue is spoken by eSpeak NG (normal and slow), encoded at the same bitrate
(callprep's MP3_BITRATE) with LAME quality 2 and quality 7, decoded again (FFmpeg, through PyAV)
and compared with the PCM that went in: STOI (short-time objective intelligibility, 0..1), the
segmental SNR, the log-spectral distance in the telephone band (300-3400 Hz) and above it, and the
spectral difference between the two decodings. Also the time to encode and the sizes.

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

from callprep.i18n import localizer
from callprep.speech import espeak
from callprep.speech.selection import phrases_for_audio
from callprep.speech.text import for_speech

QUALITIES = (2, 5, 7)


def encode(pcm: bytes, rate: int, quality: int) -> bytes:
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(espeak.MP3_BITRATE)
    encoder.set_in_sample_rate(rate)
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


def main() -> None:
    phrases = phrases_for_audio(None, None, localizer("en"))
    with tempfile.TemporaryDirectory() as work:
        lib, rate = espeak._library(Path(work))
        clips = [
            np.frombuffer(pcm, dtype=np.int16)
            for phrase in phrases
            for slow in (False, True)
            for pcm in [espeak._speak(lib, for_speech(phrase.ru), slow, stop=lambda: False)]
        ]
    print(f"{len(clips)} clips (every phrase, normal and slow), {rate} Hz, {espeak.MP3_BITRATE} kbit/s")
    results: dict[int, dict[str, list[float]]] = {}
    decoded_by_quality: dict[int, list[np.ndarray]] = {}
    for quality in QUALITIES:
        figures = results[quality] = {"ms": [], "bytes": [], "stoi": [], "snr": [], "lsd_tel": [], "lsd_high": []}
        decoded_by_quality[quality] = []
        for pcm in clips:
            start = time.perf_counter()
            mp3 = encode(pcm.tobytes(), rate, quality)
            figures["ms"].append((time.perf_counter() - start) * 1000)
            figures["bytes"].append(len(mp3))
            signal, decoded_rate = decode(mp3)
            assert decoded_rate == rate
            reference = pcm.astype(np.float64)
            out = aligned(reference, signal)
            decoded_by_quality[quality].append(out)
            figures["stoi"].append(stoi(reference, out, rate, extended=False))
            figures["snr"].append(segmental_snr(reference, out))
            figures["lsd_tel"].append(band_lsd(reference, out, rate, 300, 3400))
            figures["lsd_high"].append(band_lsd(reference, out, rate, 3400, rate / 2))
    print(
        f"{'quality':>8} {'encode ms':>10} {'bytes':>7} {'STOI':>14} {'segSNR dB':>10} "
        f"{'LSD 300-3400 Hz':>15} {'LSD >3400':>10}"
    )
    for quality, figures in results.items():
        print(
            f"{quality:>8} {statistics.median(figures['ms']):>10.2f} {statistics.median(figures['bytes']):>7.0f} "
            f"{statistics.mean(figures['stoi']):>6.4f} (min {min(figures['stoi']):.3f}) "
            f"{statistics.mean(figures['snr']):>10.2f} {statistics.mean(figures['lsd_tel']):>15.2f} "
            f"{statistics.mean(figures['lsd_high']):>10.2f}"
        )
    for quality in QUALITIES[1:]:
        gaps = [a - b for a, b in zip(results[2]["stoi"], results[quality]["stoi"], strict=True)]
        worse = sum(1 for gap in gaps if gap > 0.01)
        print(
            f"STOI, quality 2 minus quality {quality}, per clip: mean {statistics.mean(gaps):+.4f}, "
            f"largest {max(gaps):+.4f}, smallest {min(gaps):+.4f}; {worse} of {len(gaps)} clips lower by more than 0.01"
        )
        between = [
            band_lsd(a, b, rate, 300, 3400)
            for a, b in zip(decoded_by_quality[2], decoded_by_quality[quality], strict=True)
        ]
        mean = statistics.mean(between)
        print(f"LSD between the decodings of quality 2 and {quality}, 300-3400 Hz: mean {mean:.2f} dB")


if __name__ == "__main__":
    main()
