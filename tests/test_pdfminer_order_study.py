"""The pdfminer order study's simulator (tools/studies/pdfminer_order) against pdfminer.six itself: on
every page of the real report, pdfminer's printed box order is the simulator's order of the boxes'
bboxes alone (the study's premise; its README has why the reader does not use it)."""

from pathlib import Path

import pytest

from tools.studies.pdfminer_order.simulate import print_order

layout = pytest.importorskip("pdfminer.layout")
high_level = pytest.importorskip("pdfminer.high_level")

REAL_PDF = Path(__file__).resolve().parent.parent / "golden" / "real" / "hongze_2023.pdf"


def test_simulated_order_is_pdfminers_on_every_page(monkeypatch: pytest.MonkeyPatch) -> None:
    received: list[list] = []
    original = layout.LTLayoutContainer.group_textboxes

    def spy(self, laparams, boxes):  # type: ignore[no-untyped-def]
        received.append(list(boxes))
        return original(self, laparams, boxes)

    monkeypatch.setattr(layout.LTLayoutContainer, "group_textboxes", spy)
    pages = list(high_level.extract_pages(str(REAL_PDF)))
    assert len(received) == len(pages) >= 5
    compared = 0
    for boxes, page in zip(received, pages):
        printed = [id(item) for item in page if isinstance(item, layout.LTTextBox)]
        simulated = [id(boxes[i]) for i in print_order([b.bbox for b in boxes])]
        assert simulated == printed
        compared += len(boxes)
    assert compared > 100
