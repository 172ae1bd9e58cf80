"""The bundled models run with onnxruntime and tokenizers alone: no torch, no network."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import socket, sys

def refuse(*args, **kwargs):
    raise OSError("network use is not allowed in this test")

socket.socket.connect = refuse
socket.create_connection = refuse

from crosswire.models import load_checkworthiness, load_embedder, load_nli
vectors = load_embedder().encode(["A test sentence about the news."])
assert vectors.shape == (1, 384)
assert load_nli().predict([("A man sleeps.", "A person sleeps.")]).shape == (1, 3)
assert load_checkworthiness().predict(["Taxes rose by 4 percent."]).shape == (1,)
assert "torch" not in sys.modules, "torch was imported"
assert "transformers" not in sys.modules, "transformers was imported"
print("ok")
"""


def test_models_no_torch_and_offline() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
