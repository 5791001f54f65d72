"""Emulator self-tests over raw httpx: the Files API resumable protocol (§6)."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest

from tests.fake_gemini import FakeGemini, Fault


@pytest.fixture
def http(fake_gemini: FakeGemini) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=fake_gemini.base_url,
        headers={"x-goog-api-key": fake_gemini.api_key},
        timeout=10,
    ) as client:
        yield client


def start(http: httpx.Client, size: int, mime: str = "text/plain", **file: object) -> str:
    response = http.post(
        "/upload/v1beta/files",
        headers={
            "X-Goog-Upload-Protocol": "resumable",
            "X-Goog-Upload-Command": "start",
            "X-Goog-Upload-Header-Content-Length": str(size),
            "X-Goog-Upload-Header-Content-Type": mime,
        },
        json={"file": {"display_name": "notes.txt", **file}},
    )
    assert response.status_code == 200
    assert response.headers["x-goog-upload-status"] == "active"
    assert response.content == b""
    return response.headers["x-goog-upload-url"]


class Session:
    """Talks to upload-session URLs without the key: the URL is its own credential."""

    def __init__(self, client: httpx.Client) -> None:
        self.client = client

    def send(self, url: str, data: bytes, offset: int, command: str = "upload") -> httpx.Response:
        return self.client.post(
            url,
            content=data,
            headers={"X-Goog-Upload-Offset": str(offset), "X-Goog-Upload-Command": command},
        )

    def control(self, url: str, command: str) -> httpx.Response:
        return self.client.post(url, headers={"X-Goog-Upload-Command": command})


@pytest.fixture
def up(fake_gemini: FakeGemini) -> Iterator[Session]:
    with httpx.Client(timeout=10) as client:
        yield Session(client)


def test_start_gives_an_absolute_session_url(http: httpx.Client, fake_gemini: FakeGemini) -> None:
    url = start(http, 10)

    assert url.startswith(f"{fake_gemini.base_url}/upload/v1beta/files?upload_id=")
    assert "upload_protocol=resumable" in url


def test_chunked_upload_with_query_and_finalize(
    up: Session, http: httpx.Client, fake_gemini: FakeGemini
) -> None:
    data = bytes(range(256)) * 4
    url = start(http, len(data))

    first = up.send(url, data[:300], 0)
    query = up.control(url, "query")
    final = up.send(url, data[300:], 300, "upload, finalize")

    assert first.status_code == 200
    assert first.headers["x-goog-upload-status"] == "active"
    assert query.headers["x-goog-upload-size-received"] == "300"
    assert final.headers["x-goog-upload-status"] == "final"
    file = final.json()["file"]
    assert file["sizeBytes"] == str(len(data))
    assert file["mimeType"] == "text/plain"
    assert file["displayName"] == "notes.txt"
    assert file["state"] == "ACTIVE"
    assert file["sha256Hash"] == base64.b64encode(hashlib.sha256(data).digest()).decode()
    created = datetime.fromisoformat(file["createTime"].replace("Z", "+00:00"))
    expires = datetime.fromisoformat(file["expirationTime"].replace("Z", "+00:00"))
    assert expires - created == timedelta(hours=48)
    assert fake_gemini.files[file["name"]].size == len(data)
    assert http.get(f"/v1beta/{file['name']}").json() == file
    # After finalizing, query reports the file.
    assert up.control(url, "query").json()["file"]["name"] == file["name"]


def test_wrong_offset_is_rejected_and_nothing_is_lost(up: Session, http: httpx.Client) -> None:
    url = start(http, 20)
    up.send(url, b"0123456789", 0)

    wrong = up.send(url, b"abcdefghij", 5, "upload, finalize")
    assert wrong.status_code == 400
    assert wrong.json()["error"]["status"] == "INVALID_ARGUMENT"
    assert wrong.headers["x-goog-upload-size-received"] == "10"
    right = up.send(url, b"abcdefghij", 10, "upload, finalize")
    assert right.json()["file"]["sizeBytes"] == "20"


def test_finalize_with_missing_bytes_is_rejected(up: Session, http: httpx.Client) -> None:
    url = start(http, 20)

    response = up.send(url, b"0123456789", 0, "upload, finalize")
    assert response.status_code == 400


def test_cancel_kills_the_session(up: Session, http: httpx.Client) -> None:
    url = start(http, 20)
    up.send(url, b"0123456789", 0)

    cancelled = up.control(url, "cancel")
    after = up.send(url, b"abcdefghij", 10, "upload, finalize")
    assert cancelled.headers["x-goog-upload-status"] == "cancelled"
    assert after.status_code == 400
    assert after.headers["x-goog-upload-status"] == "cancelled"


def test_empty_file(up: Session, http: httpx.Client) -> None:
    url = start(http, 0)

    response = up.send(url, b"", 0, "upload, finalize")
    assert response.json()["file"]["sizeBytes"] == "0"


def test_upload_break_then_resume_from_server_offset(
    up: Session, http: httpx.Client, fake_gemini: FakeGemini
) -> None:
    data = bytes(range(256)) * 400  # 100 KiB
    fake_gemini.add_fault(Fault("upload_break", at_byte=50_000))
    url = start(http, len(data))

    with pytest.raises(httpx.TransportError):
        up.send(url, data, 0, "upload, finalize")
    received = int(up.control(url, "query").headers["x-goog-upload-size-received"])
    final = up.send(url, data[received:], received, "upload, finalize")

    assert received == 50_000
    assert (
        final.json()["file"]["sha256Hash"]
        == base64.b64encode(hashlib.sha256(data).digest()).decode()
    )


def test_unknown_and_expired_files_are_403(
    up: Session, http: httpx.Client, fake_gemini: FakeGemini
) -> None:
    url = start(http, 3)
    name = up.send(url, b"abc", 0, "upload, finalize").json()["file"]["name"]

    assert http.get("/v1beta/files/doesnotexist").status_code == 403
    fake_gemini.expire_file(name)
    expired = http.get(f"/v1beta/{name}")
    assert expired.status_code == 403
    assert expired.json()["error"]["status"] == "PERMISSION_DENIED"
    assert http.delete(f"/v1beta/{name}").status_code == 403


def test_file_expired_fault(up: Session, http: httpx.Client, fake_gemini: FakeGemini) -> None:
    url = start(http, 3)
    name = up.send(url, b"abc", 0, "upload, finalize").json()["file"]["name"]
    fake_gemini.add_fault(Fault("file_expired"))

    assert http.get(f"/v1beta/{name}").status_code == 403
    assert http.get(f"/v1beta/{name}").status_code == 403  # it stays expired


def test_file_failed_fault(up: Session, http: httpx.Client, fake_gemini: FakeGemini) -> None:
    fake_gemini.add_fault(Fault("file_failed"))
    url = start(http, 3)
    file = up.send(url, b"abc", 0, "upload, finalize").json()["file"]

    states = [http.get(f"/v1beta/{file['name']}").json()["state"] for _ in range(2)]
    assert file["state"] == "PROCESSING"
    assert states == ["PROCESSING", "FAILED"]


def test_processing_file_cannot_be_used_yet(up: Session, http: httpx.Client) -> None:
    url = start(http, 3, mime="video/mp4")
    file = up.send(url, b"abc", 0, "upload, finalize").json()["file"]
    body = {
        "model": "gemini-3-flash-preview",
        "input": [{"type": "video", "uri": file["uri"], "mime_type": "video/mp4"}],
    }

    assert http.post("/v1beta/interactions", json=body).status_code == 400
    http.get(f"/v1beta/{file['name']}")  # PROCESSING
    assert http.get(f"/v1beta/{file['name']}").json()["state"] == "ACTIVE"
    answer = http.post("/v1beta/interactions", json=body).json()
    assert f"uri {file['uri']}, 3 bytes." in answer["steps"][-1]["content"][0]["text"]


def test_list_pages_and_empty_list(up: Session, http: httpx.Client) -> None:
    assert http.get("/v1beta/files").json() == {}
    for i in range(3):
        url = start(http, 1)
        up.send(url, bytes([i]), 0, "upload, finalize")

    first = http.get("/v1beta/files", params={"pageSize": 2}).json()
    second = http.get(
        "/v1beta/files", params={"pageSize": 2, "pageToken": first["nextPageToken"]}
    ).json()
    assert len(first["files"]) == 2
    assert len(second["files"]) == 1
    assert "nextPageToken" not in second


def test_start_needs_a_key_but_chunks_do_not(fake_gemini: FakeGemini) -> None:
    response = httpx.post(
        f"{fake_gemini.base_url}/upload/v1beta/files",
        headers={"X-Goog-Upload-Protocol": "resumable", "X-Goog-Upload-Command": "start"},
        json={"file": {"mime_type": "text/plain"}},
    )
    assert response.status_code == 403


def test_upload_break_is_used_only_by_the_chunk_that_reaches_it(
    up: Session, http: httpx.Client, fake_gemini: FakeGemini
) -> None:
    data = bytes(range(256)) * 64  # 16 KiB in 4 KiB chunks, break at a chunk boundary
    fault = fake_gemini.add_fault(Fault("upload_break", at_byte=8192))
    url = start(http, len(data))

    assert up.send(url, data[:4096], 0).status_code == 200
    with pytest.raises(httpx.TransportError):
        up.send(url, data[4096:8192], 4096)  # reaches the cut only at its end ...
    received = int(up.control(url, "query").headers["x-goog-upload-size-received"])
    for offset in range(received, len(data), 4096):
        command = "upload, finalize" if offset + 4096 >= len(data) else "upload"
        assert up.send(url, data[offset : offset + 4096], offset, command).status_code == 200

    assert received == 8192
    assert fault.hits == 1
    assert fake_gemini.state.uploads[url.split("upload_id=")[1].split("&")[0]].status == "final"
