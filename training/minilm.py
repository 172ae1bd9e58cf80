"""A plain PyTorch BERT encoder that loads the all-MiniLM-L6-v2 weights.

Written out in full (about a hundred lines) so that training and ONNX export
depend only on torch and safetensors, not on a particular transformers release:
the exported graph is the same whichever machine trains the model.

Weight names follow the Hugging Face ``BertModel`` layout of ``model.safetensors``
(``embeddings.word_embeddings.weight``, ``encoder.layer.0.attention.self.query.weight``
and so on), so a state dict loads with ``strict`` checking.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import load_file
from torch import nn

MINILM_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


@dataclass(frozen=True, kw_only=True)
class BertConfig:
    vocab_size: int = 30522
    hidden: int = 384
    layers: int = 6
    heads: int = 12
    intermediate: int = 1536
    max_positions: int = 512
    type_vocab: int = 2
    eps: float = 1e-12
    dropout: float = 0.1


class Embeddings(nn.Module):
    def __init__(self, cfg: BertConfig) -> None:
        super().__init__()
        self.word_embeddings = nn.Embedding(cfg.vocab_size, cfg.hidden, padding_idx=0)
        self.position_embeddings = nn.Embedding(cfg.max_positions, cfg.hidden)
        self.token_type_embeddings = nn.Embedding(cfg.type_vocab, cfg.hidden)
        self.LayerNorm = nn.LayerNorm(cfg.hidden, eps=cfg.eps)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        x = (
            self.word_embeddings(input_ids)
            + self.position_embeddings(positions)
            + self.token_type_embeddings(token_type_ids)
        )
        return self.dropout(self.LayerNorm(x))


class SelfAttention(nn.Module):
    def __init__(self, cfg: BertConfig) -> None:
        super().__init__()
        self.heads = cfg.heads
        self.head_dim = cfg.hidden // cfg.heads
        self.query = nn.Linear(cfg.hidden, cfg.hidden)
        self.key = nn.Linear(cfg.hidden, cfg.hidden)
        self.value = nn.Linear(cfg.hidden, cfg.hidden)
        self.dropout = nn.Dropout(cfg.dropout)

    def _split(self, x: torch.Tensor) -> torch.Tensor:
        b, n, _ = x.shape
        return x.view(b, n, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        q, k, v = self._split(self.query(x)), self._split(self.key(x)), self._split(self.value(x))
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim) + bias
        probs = self.dropout(torch.softmax(scores, dim=-1))
        out = torch.matmul(probs, v).transpose(1, 2)
        return out.reshape(x.shape[0], x.shape[1], -1)


class Dense(nn.Module):
    """Linear layer, dropout, residual, LayerNorm (BERT's ``*Output`` blocks)."""

    def __init__(self, cfg: BertConfig, n_in: int) -> None:
        super().__init__()
        self.dense = nn.Linear(n_in, cfg.hidden)
        self.LayerNorm = nn.LayerNorm(cfg.hidden, eps=cfg.eps)
        self.dropout = nn.Dropout(cfg.dropout)

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dropout(self.dense(x)) + residual)


class Attention(nn.Module):
    def __init__(self, cfg: BertConfig) -> None:
        super().__init__()
        self.self = SelfAttention(cfg)
        self.output = Dense(cfg, cfg.hidden)


class Intermediate(nn.Module):
    def __init__(self, cfg: BertConfig) -> None:
        super().__init__()
        self.dense = nn.Linear(cfg.hidden, cfg.intermediate)


class Layer(nn.Module):
    def __init__(self, cfg: BertConfig) -> None:
        super().__init__()
        self.attention = Attention(cfg)
        self.intermediate = Intermediate(cfg)
        self.output = Dense(cfg, cfg.intermediate)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        h = self.attention.output(self.attention.self(x, bias), x)
        inner = nn.functional.gelu(self.intermediate.dense(h))
        return self.output(inner, h)


class Encoder(nn.Module):
    def __init__(self, cfg: BertConfig) -> None:
        super().__init__()
        self.layer = nn.ModuleList(Layer(cfg) for _ in range(cfg.layers))


class Bert(nn.Module):
    """Returns the last hidden states, ``(batch, tokens, hidden)``."""

    def __init__(self, cfg: BertConfig | None = None) -> None:
        super().__init__()
        self.cfg = cfg or BertConfig()
        self.embeddings = Embeddings(self.cfg)
        self.encoder = Encoder(self.cfg)

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        x = self.embeddings(input_ids, token_type_ids)
        # 0 where a token may be attended to, a large negative number at padding
        mask = attention_mask[:, None, None, :].to(x.dtype)
        bias = (1.0 - mask) * torch.finfo(x.dtype).min
        for layer in self.encoder.layer:
            x = layer(x, bias)
        return x


def mean_pool(hidden: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
    """Average of the token vectors, padding left out."""
    mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)


class PairClassifier(nn.Module):
    """BERT encoder, mean pooling and one linear layer: logits over ``n_labels`` classes."""

    def __init__(self, n_labels: int, cfg: BertConfig | None = None) -> None:
        super().__init__()
        self.bert = Bert(cfg)
        self.dropout = nn.Dropout(self.bert.cfg.dropout)
        self.classifier = nn.Linear(self.bert.cfg.hidden, n_labels)

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        pooled = mean_pool(self.bert(input_ids, attention_mask, token_type_ids), attention_mask)
        return self.classifier(self.dropout(pooled))


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_bert_state(path: Path, *, expect_sha256: str | None = None) -> dict[str, torch.Tensor]:
    """Load ``model.safetensors`` as float32, keeping only the encoder's weights."""
    if expect_sha256 is not None:
        actual = sha256_file(path)
        if actual != expect_sha256:
            raise SystemExit(f"{path}: sha256 {actual} is not the expected {expect_sha256}")
    state = load_file(str(path))
    return {
        k: v.float()
        for k, v in state.items()
        if k.startswith(("embeddings.", "encoder.")) and not k.endswith("position_ids")
    }


def load_bert(path: Path, *, expect_sha256: str | None = None) -> Bert:
    model = Bert()
    model.load_state_dict(load_bert_state(path, expect_sha256=expect_sha256), strict=True)
    return model


EMBEDDER_ONNX = (
    Path(__file__).resolve().parent.parent / "src/crosswire/models/all-minilm-l6-v2/model.onnx"
)
WORD_KEY = "embeddings.word_embeddings.weight"


def word_embeddings_from_onnx(path: Path = EMBEDDER_ONNX) -> torch.Tensor:
    """The word-embedding table as the shipped int8 embedder holds it, dequantised.

    The classifiers keep this table frozen: it is what their own int8 export reads
    too (quantising these values again with the same per-tensor scheme gives the
    same integers), so training sees the embeddings the shipped model computes with.
    """
    import onnx
    from onnx import numpy_helper

    inits = {i.name: i for i in onnx.load(str(path)).graph.initializer}
    q = numpy_helper.to_array(inits[WORD_KEY + "_quantized"]).astype("float32")
    scale = float(numpy_helper.to_array(inits[WORD_KEY + "_scale"]))
    zero = float(numpy_helper.to_array(inits[WORD_KEY + "_zero_point"]))
    return torch.from_numpy((q - zero) * scale)


def load_pair_classifier(base: Path, n_labels: int, *, seed: int) -> PairClassifier:
    """A classifier whose encoder starts from the weights at ``base``; the head is seeded."""
    torch.manual_seed(seed)
    model = PairClassifier(n_labels)
    model.bert.load_state_dict(load_bert_state(base), strict=True)
    return model


class SameFactClassifier(PairClassifier):
    """The NLI classifier with a second head over the same pooled vector.

    ``classifier`` gives the three NLI logits (entailment, neutral, contradiction);
    ``same_fact`` three more: the same fact in agreement, the same fact in conflict,
    different facts. ``forward`` returns both, in that order.
    """

    def __init__(self, cfg: BertConfig | None = None) -> None:
        super().__init__(3, cfg)
        self.same_fact = nn.Linear(self.bert.cfg.hidden, 3)

    def forward(  # type: ignore[override]
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor]:
        pooled = self.dropout(
            mean_pool(self.bert(input_ids, attention_mask, token_type_ids), attention_mask))
        return self.classifier(pooled), self.same_fact(pooled)


# the order of the six weight matrices of one layer in an exported graph
_LAYER_MATMULS = ("attention.self.query", "attention.self.key", "attention.self.value",
                  "attention.output.dense", "intermediate.dense", "output.dense")


def state_from_int8_onnx(path: Path, *, layers: int | None = 6) -> dict[str, torch.Tensor]:
    """The weights of a shipped int8 classifier (``export.py``'s graph), dequantised; of
    ``layers`` encoder layers, or (``None``) of as many as the graph holds.

    Biases and LayerNorm parameters are stored in float32 under their torch names; the
    embedding tables are quantised per tensor (uint8) under their names; the linear
    layers' weights are the per-channel int8 ``MatMul`` initialisers, in graph order
    (:data:`_LAYER_MATMULS` for each layer), stored transposed. Used to continue
    training the bundled model where its fp16 training output is not at hand.
    """
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    state: dict[str, torch.Tensor] = {}
    for name, value in inits.items():
        if value.dtype.kind == "f" and not name.endswith("_scale"):
            state[name] = torch.from_numpy(value.astype("float32").copy())

    def dequant(prefix: str) -> torch.Tensor:
        q = inits[prefix + "_quantized"].astype("float32")
        scale = inits[prefix + "_scale"].astype("float32")
        zero = inits[prefix + "_zero_point"].astype("float32")
        return torch.from_numpy(((q - zero) * scale).copy())

    for table in ("word_embeddings", "position_embeddings", "token_type_embeddings"):
        state[f"bert.embeddings.{table}.weight"] = dequant(f"bert.embeddings.{table}.weight")
    matmuls = [node.input[1][: -len("_quantized")] for node in graph.node
               if node.op_type == "MatMulInteger" and node.input[1].startswith("onnx::MatMul")]
    if layers is None:
        layers = len(matmuls) // len(_LAYER_MATMULS)
    if len(matmuls) != layers * len(_LAYER_MATMULS):
        raise SystemExit(f"{path}: {len(matmuls)} quantised matrices, expected "
                         f"{layers * len(_LAYER_MATMULS)}")
    for n, prefix in enumerate(matmuls):
        layer, part = divmod(n, len(_LAYER_MATMULS))
        name = f"bert.encoder.layer.{layer}.{_LAYER_MATMULS[part]}.weight"
        state[name] = dequant(prefix).T.contiguous()
    state["classifier.weight"] = dequant("classifier.weight").T.contiguous()
    return state
