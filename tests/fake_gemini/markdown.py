"""Long, varied Markdown of an exact length (``/markdown N`` prompts).

Headings, paragraphs with Turkish text, lists, tables and code fences in several
languages, repeated and numbered until the size is reached. Whole blocks only; the
rest is filled with a plain paragraph so the length is exactly ``size`` characters.
"""

from __future__ import annotations

_BLOCKS: tuple[str, ...] = (
    "## Bölüm {n}: Giriş\n\n",
    (
        "Şu an **{n}. bölümdeyiz**. Güneşli bir günde İstanbul'da çay içip "
        "ağaçların gölgesinde oturduk; öğrenciler ödevlerini çözüyordu. "
        "*Işık*, _gölge_ ve `kod` bir arada.\n\n"
    ),
    (
        "```python\n"
        "def kare_{n}(x: int) -> int:\n"
        '    """Bir sayının karesi."""\n'
        "    return x * x  # ğüşıöç\n"
        "```\n\n"
    ),
    (
        "- Birinci madde {n}\n"
        "- İkinci madde: çiçek, böcek, kuş\n"
        "  - İç içe madde\n"
        "- Üçüncü madde `satır içi kod`\n\n"
    ),
    (
        "| Sütun | Değer {n} | Açıklama |\n"
        "|:------|------:|:--------:|\n"
        "| ş | 1 | şeker |\n"
        "| ğ | 2 | dağ |\n"
        "| İ | 3 | İzmir |\n\n"
    ),
    (
        "```javascript\n"
        "const selam{n} = (ad) => `Merhaba, ${{ad}}!`;\n"
        "console.log(selam{n}('Dünya'));\n"
        "```\n\n"
    ),
    (
        "1. Adım bir: dosyayı aç\n"
        "2. Adım iki: değişikliği kaydet\n"
        "3. Adım üç: testleri çalıştır ({n})\n\n"
    ),
    '> Alıntı {n}: "Bilgi güçtür" — ölçülü ve açık.\n\n',
    ('```bash\nfor i in $(seq 1 {n}); do\n  echo "satır $i"\ndone\n```\n\n'),
    ('```rust\nfn main() {{\n    println!("Günaydın {n}");\n}}\n```\n\n'),
    "### Alt başlık {n}\n\nKısa bir paragraf: ılık rüzgâr, çınar ağacı.\n\n",
    "---\n\n",
)

_FILLER = "Ilık bir öğle güneşi çınarın gölgesinde ışıldıyor; çiçekler ve böcekler şenlikte. "


def long_markdown(size: int) -> str:
    """Markdown of exactly ``size`` characters (deterministic)."""
    size = max(0, size)
    parts: list[str] = []
    length = 0
    n = 0
    while True:
        block = _BLOCKS[n % len(_BLOCKS)].format(n=n // len(_BLOCKS) + 1)
        if length + len(block) > size:
            break
        parts.append(block)
        length += len(block)
        n += 1
    rest = size - length
    if rest:
        filler = (_FILLER * (rest // len(_FILLER) + 1))[:rest]
        if rest > 1:
            filler = filler[:-1] + "\n"
        parts.append(filler)
    return "".join(parts)
