"""Attachments through `gemdesk ask -a`: image, PDF, audio, video, an expired upload."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import RunCli
from tests.core import media_samples
from tests.fake_gemini import FakeGemini


def _upload_sessions(fake: FakeGemini) -> int:
    return sum(
        1
        for r in fake.requests_to("/upload/v1beta/files", method="POST")
        if r.headers.get("x-goog-upload-command") == "start"
    )


def test_image_pdf_and_audio_in_one_turn(
    run_cli: RunCli, fake_gemini: FakeGemini, tmp_path: Path
) -> None:
    image = tmp_path / "organ.png"
    image.write_bytes(media_samples.png())
    pdf = tmp_path / "score.pdf"
    pdf.write_bytes(media_samples.pdf())
    audio = tmp_path / "tune.wav"
    audio.write_bytes(media_samples.wav())
    result = run_cli("ask", "-a", str(image), "-a", str(pdf), "-a", str(audio), "Compare them")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    by_mime = {f.mime_type: f for f in fake_gemini.files.values()}
    assert f"Attachment 1: image, image/png, inline data, {image.stat().st_size} bytes." in lines
    pdf_file, wav_file = by_mime["application/pdf"], by_mime["audio/wav"]
    assert (
        f"Attachment 2: document, application/pdf, uri {pdf_file.uri}, {pdf_file.size} bytes."
        in lines
    )
    assert f"Attachment 3: audio, audio/wav, uri {wav_file.uri}, {wav_file.size} bytes." in lines


def test_video_waits_for_processing(
    run_cli: RunCli, fake_gemini: FakeGemini, tmp_path: Path
) -> None:
    fake_gemini.set_processing_polls(2)
    video = tmp_path / "clip.mov.mp4"
    video.write_bytes(media_samples.mp4())
    result = run_cli("ask", "-a", str(video), "What happens in this clip?")
    assert result.returncode == 0, result.stderr
    (file,) = fake_gemini.files.values()
    assert file.state == "ACTIVE"
    assert f"Attachment 1: video, video/mp4, uri {file.uri}" in result.stdout
    polls = fake_gemini.requests_to("/v1beta/files/", method="GET")
    assert len(polls) >= 3  # PROCESSING, PROCESSING, ACTIVE


def test_expired_upload_is_replaced_silently(
    run_cli: RunCli, fake_gemini: FakeGemini, tmp_path: Path
) -> None:
    pdf = tmp_path / "contract.pdf"
    pdf.write_bytes(media_samples.pdf("Contract"))
    first = run_cli("ask", "--stateless", "-a", str(pdf), "Summarise this")
    assert first.returncode == 0, first.stderr
    (name,) = fake_gemini.files
    fake_gemini.expire_file(name)
    second = run_cli("ask", "-c", "Any deadlines in it?")
    assert second.returncode == 0, second.stderr
    assert second.stderr == ""  # silently
    assert "I can see 2 user turn(s)." in second.stdout
    assert _upload_sessions(fake_gemini) == 2
    fresh = next(f for n, f in fake_gemini.files.items() if n != name)
    replayed = fake_gemini.requests_to("/interactions", method="POST")[-1].json
    assert replayed["input"][0]["content"][1]["uri"] == fresh.uri
