"""Speaker verification on LibriSpeech speakers, their cheap-microphone copies, and espeak-ng voices."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from smartbank_desktop.biometrics import BiometricError
from smartbank_desktop.biometrics import speaker as speaker_module
from smartbank_desktop.biometrics.speaker import (
    EcapaEncoder,
    EncoderUnavailable,
    SpeakerEncoder,
    SpeakerTemplate,
    SpeakerVerifier,
    load_audio,
    make_encoder,
    reduce_noise,
    trim_silence,
)
from tests.biometrics.media import ESPEAK, speaker_clips
from tests.support import degrade

CLIPS = speaker_clips()


def challenge_clip(path, channel=None, seed=0) -> np.ndarray:
    """Three seconds of speech, as a login challenge records, optionally through a degraded channel."""
    audio = load_audio(path)[8000:56000]
    return channel(audio, seed) if channel else audio


def cheap_microphone(audio, seed):
    return degrade.cheap_microphone(audio, snr_db=15, seed=seed)


def test_audio_is_loaded_as_16_khz_mono(tmp_path):
    audio = load_audio(CLIPS["1688"][0])
    assert audio.dtype == np.float32 and audio.ndim == 1
    stereo = np.stack([audio, audio], axis=1)
    resampled = np.interp(np.arange(0, len(audio), 16000 / 44100), np.arange(len(audio)), audio)
    soundfile.write(tmp_path / "cd.wav", np.stack([resampled, resampled], axis=1), 44100)
    soundfile.write(tmp_path / "stereo.wav", stereo, 16000)
    assert abs(len(load_audio(tmp_path / "cd.wav")) - len(audio)) < 50
    assert len(load_audio(tmp_path / "stereo.wav")) == len(audio)
    with pytest.raises(BiometricError, match="No such audio file"):
        load_audio(tmp_path / "missing.wav")
    (tmp_path / "note.wav").write_text("hello")
    with pytest.raises(BiometricError, match="not a recording"):
        load_audio(tmp_path / "note.wav")


def test_silence_is_trimmed_and_silence_alone_refused(speaker_verifier):
    speech = load_audio(CLIPS["1998"][1])
    quiet = np.zeros(16000, np.float32)
    padded = np.concatenate([quiet, speech, quiet, quiet])
    trimmed = trim_silence(padded)
    assert len(trimmed) < len(speech) + 0.3 * 16000 and len(trimmed) > 0.6 * len(speech)
    assert len(trim_silence(np.zeros(16000 * 3, np.float32))) == 0
    with pytest.raises(BiometricError, match="could not hear enough speech"):
        speaker_verifier.embed(np.random.default_rng(0).normal(0, 1e-4, 16000 * 3).astype(np.float32))


def test_noise_reduction_quietens_pauses_but_keeps_speech():
    speech = load_audio(CLIPS["3080"][2])
    noisy = degrade.add_noise(speech, snr_db=10)
    cleaned = reduce_noise(noisy)
    frames = lambda a: (a[: len(a) // 480 * 480].reshape(-1, 480) ** 2).mean(axis=1)
    clean_energy = frames(speech)
    pauses, loud = clean_energy < np.quantile(clean_energy, 0.2), clean_energy > np.quantile(clean_energy, 0.8)
    noise_drop = 10 * np.log10(frames(noisy)[pauses].mean() / frames(cleaned)[pauses].mean())
    speech_drop = 10 * np.log10(frames(noisy)[loud].mean() / frames(cleaned)[loud].mean())
    assert noise_drop > 4 and speech_drop < 1


@pytest.fixture(scope="module")
def clean_templates(speaker_verifier):
    return {who: speaker_verifier.enrol(CLIPS[who][:3]) for who in ("1688", "3080")}


def test_enrolled_speaker_accepted_other_speakers_rejected(speaker_verifier, clean_templates):
    for who, template in clean_templates.items():
        assert template.utterances == 3
        for clip in (CLIPS[who][5], CLIPS[who][7]):
            verdict = speaker_verifier.verify(template, challenge_clip(clip))
            assert verdict.match, (who, clip.name, verdict)
        for other in CLIPS:
            if other != who:
                verdict = speaker_verifier.verify(template, challenge_clip(CLIPS[other][5]))
                assert not verdict.match, (who, other, verdict)


@pytest.mark.parametrize("voice", ESPEAK, ids=lambda p: p.stem)
def test_espeak_voice_rejected_against_enrolled_humans(voice, speaker_verifier, clean_templates):
    for template in clean_templates.values():
        verdict = speaker_verifier.verify(template, voice)
        assert not verdict.match and verdict.score < speaker_verifier.threshold - 0.1


def test_cheap_microphone_impostors_rejected_where_a_clean_audio_threshold_lets_them_in(speaker_verifier):
    """Enrolment and login through the same noisy telephone-band microphone."""
    enrolled = "2033"
    template = speaker_verifier.enrol([cheap_microphone(load_audio(c), seed) for seed, c in enumerate(CLIPS[enrolled][:3])])
    genuine, impostor = [], []
    for who, clips in CLIPS.items():
        for index in (4, 6, 8):
            verdict = speaker_verifier.verify(template, challenge_clip(clips[index], cheap_microphone, seed=index + 10))
            (genuine if who == enrolled else impostor).append(verdict)
    assert not any(v.match for v in impostor), [round(v.score, 3) for v in impostor]
    assert sum(v.match for v in genuine) >= 2, [round(v.score, 3) for v in genuine]
    # A threshold tuned on clean audio (0.75 raw similarity) would let some of these impostors in.
    assert any(v.raw_score >= 0.75 for v in impostor)


class ToyEncoder(SpeakerEncoder):
    """A stand-in encoder: the interface is all a verifier needs."""

    name = "toy"

    def embed(self, audio):
        spectrum = np.abs(np.fft.rfft(audio[:4096], 64))[:8] + 1e-3
        return spectrum / np.linalg.norm(spectrum)


def test_any_encoder_behind_the_interface_and_cohort_normalisation():
    verifier = SpeakerVerifier(ToyEncoder(), threshold=0.5)
    enrolled = SpeakerTemplate(np.eye(8, dtype=np.float32)[0], 1, "toy")
    test = np.eye(8, dtype=np.float32)[0] * 0.8 + np.eye(8, dtype=np.float32)[1] * 0.6
    assert verifier.score(enrolled, test) == pytest.approx((0.8, 0.8))
    # A cohort that the test resembles as much as the enrolment: the normalised score drops.
    cohort = np.tile(test, (6, 1))
    verifier.set_cohort(cohort)
    score, raw = verifier.score(enrolled, test)
    assert raw == pytest.approx(0.8) and score == pytest.approx(0.8 - 0.5 * (0.8 + 1.0), abs=1e-5)
    with pytest.raises(BiometricError, match="at least 5"):
        verifier.set_cohort(cohort[:3])
    restored = SpeakerTemplate.from_bytes(enrolled.to_bytes(), "toy", 1)
    assert np.array_equal(restored.embedding, enrolled.embedding)


def test_default_verifier_uses_the_builtin_cohort(speaker_verifier):
    assert speaker_verifier.cohort is not None and speaker_verifier.threshold == speaker_module.NORMALISED_THRESHOLD
    assert SpeakerVerifier(speaker_verifier.encoder).threshold == speaker_module.RAW_THRESHOLD


def test_ecapa_encoder_says_plainly_when_it_is_not_installed(tmp_path, monkeypatch):
    monkeypatch.setenv("SMARTBANK_MODELS_DIR", str(tmp_path))
    with pytest.raises(EncoderUnavailable, match="ECAPA speaker model is not installed"):
        make_encoder("ecapa")
    folder = tmp_path / EcapaEncoder.FOLDER
    folder.mkdir()
    for name in EcapaEncoder.REQUIRED:
        (folder / name).write_text("weights")
    try:
        import speechbrain  # noqa: F401
    except Exception:  # noqa: BLE001 - torchaudio can fail to load in several ways
        with pytest.raises(EncoderUnavailable, match="speechbrain"):
            EcapaEncoder()
    with pytest.raises(EncoderUnavailable, match="Unknown speaker model"):
        make_encoder("wav2vec")


# Measured on these seeded recordings at the default threshold (tests/support/speaker_trials.py):
# channel -> (most false accepts of 504 other-person trials, most false rejects of 63 genuine ones).
# Short of the goal (at most 1% false accepts and 5% false rejects in every channel): through a
# telephone band, and with talk behind at 10 dB, too many of the customers' own voices fall under it.
NINE_SPEAKER_BOUNDS = {
    "clean": (2, 1),
    "telephone_20dB": (1, 11),
    "telephone_10dB": (1, 32),
    "babble_20dB": (1, 4),
    "babble_10dB": (5, 15),
}


def test_nine_speakers_through_every_channel_and_impostor_class(speaker_verifier):
    from tests.support import speaker_trials

    embedded = speaker_trials.embed_channels(speaker_verifier, speaker_trials.speaker_material())
    assert set(embedded) == set(NINE_SPEAKER_BOUNDS)  # every channel measured is asserted
    report = {name: speaker_trials.rates(speaker_trials.score(speaker_verifier, e), speaker_verifier.threshold)
              for name, e in embedded.items()}
    for name, (most_false_accepts, most_false_rejects) in NINE_SPEAKER_BOUNDS.items():
        rates = report[name]
        assert rates["genuine_trials"] == 63 and rates["trials_other_person"] == 504, rates
        assert rates["false_accepts_espeak"] == 0, (name, rates)
        assert rates["false_accepts_other_person"] <= most_false_accepts, (name, rates)
        assert rates["false_rejects"] <= most_false_rejects, (name, rates)
