import json
import subprocess
import sys

import pytest

import gktables
from gktables import InputError, Settings, SettingsError, UnsupportedFormatError

from .conftest import GOLDEN_REAL

PINGTAN = GOLDEN_REAL / "pingtan_2023_page.txt"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "gktables", *args], capture_output=True, text=True)


def test_cli_prints_the_json_contract():
    done = run_cli("extract", str(PINGTAN))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["gktables"] == 1 and out["template"] == {"t2": "2021", "t3_other": "split"}
    assert (out["meta"]["agency"], out["meta"]["year"]) == ("平潭综合实验区", 2023)
    assert out["cells"]["t3.new.natural"] == 80 and out["cells"]["t3.new.total"] == 81
    prov = out["provenance"]["t3.new.total"]
    assert prov["source"] == "text" and prov["raw"] == "81" and 0 <= prov["confidence"] <= 1
    assert {"id", "passed", "keys", "lhs", "rhs"} <= set(out["checks"][0])


def test_cli_csv_and_output_file(tmp_path):
    target = tmp_path / "out.csv"
    done = run_cli("extract", str(PINGTAN), "--format", "csv", "-o", str(target))
    assert done.returncode == 0, done.stderr
    lines = target.read_text("utf-8").splitlines()
    assert lines[0] == "key,table,row,col,value,raw"
    assert "t4.lawsuit_direct.total,t4,lawsuit_direct,total,5,5" in lines


def test_cli_exit_codes(tmp_path):
    prose = tmp_path / "notice.txt"
    prose.write_text("关于做好年度工作的通知。请各单位按时报送。", encoding="utf-8")
    done = run_cli("extract", str(prose))
    assert done.returncode == 2 and "no report tables" in done.stderr
    done = run_cli("extract", str(tmp_path / "missing.pdf"))
    assert done.returncode == 1 and "missing.pdf" in done.stderr


def test_batch_survives_a_bad_file(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\n garbage")
    done = run_cli("extract", str(bad), str(PINGTAN), "-o", str(tmp_path / "out"))
    assert done.returncode == 1
    assert "broken.pdf" in done.stderr
    assert json.loads((tmp_path / "out" / (PINGTAN.name + ".json")).read_text("utf-8"))["cells"]["t3.new.total"] == 81


def test_unknown_extension_is_named(tmp_path):
    odd = tmp_path / "report.xyz"
    odd.write_bytes(b"\x01\x02binary")
    with pytest.raises(UnsupportedFormatError, match="report.xyz"):
        gktables.extract(odd)


def test_empty_text_gives_a_report_that_says_what_is_missing(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    report = gktables.extract(empty)
    assert report.cells == {} and report.template is None
    assert [w.code for w in report.warnings] == ["table_missing"] * 3
    named = {k for w in report.warnings for k in w.keys}  # 二's keys in both formats: none was read
    assert {"t2.regulations.made", "t2.regulations.issued", "t3.result.other.total", "t3.result.other_misc.total",
            "t4.review.total"} <= named
    done = run_cli("extract", str(empty))
    assert done.returncode == 2 and "empty.txt" in done.stderr


def test_empty_pdf_is_an_error(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty.pdf"):
        gktables.extract(empty)


def test_extract_text_and_frame():
    report = gktables.extract_text(PINGTAN.read_text("utf-8"))
    frame = report.to_frame()
    assert len(frame) == 200
    row = frame[frame.key == "t2.fees.amount"].iloc[0]
    assert row.value == pytest.approx(5949.088667) and row.table == "t2"


def test_partial_report_warns_per_missing_table():
    text = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议\t行政诉讼\n结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
            "1\t0\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n五、存在的主要问题及改进情况\n")
    report = gktables.extract_text(text)
    assert report.cells["t4.review.upheld"] == 1 and report.cells["t4.review.total"] == 1
    missing = {w.message for w in report.warnings if w.code == "table_missing"}
    assert len(missing) == 2
    assert not any(k.startswith("t3") for k in report.cells)


def test_settings_name_the_bad_field():
    with pytest.raises(SettingsError, match="ocr_dpii"):
        Settings.resolve({"ocr_dpii": 200})
    with pytest.raises(SettingsError, match="pdf_backend"):
        Settings.resolve({"pdf_backend": "magic"})
    assert Settings.resolve({"ocr_dpi": 200}).ocr_dpi == 200


def test_version_and_help_show_the_version_and_every_command(capsys):
    import gktables
    from gktables.cli import main as cli_main

    with pytest.raises(SystemExit) as exit_info:
        cli_main(["--version"])
    assert exit_info.value.code == 0 and capsys.readouterr().out.strip() == f"gktables {gktables.__version__}"
    with pytest.raises(SystemExit):
        cli_main(["--help"])
    text = capsys.readouterr().out
    for command in ("extract", "run", "export", "audit", "review", "debug"):
        assert f"gktables {command} " in text
