"""CheckResult prints as one line, and summarize makes a table of them."""

from dlcourse import sanity


def test_check_result_prints_status_name_and_message():
    result = sanity.CheckResult("leakage", False, "3 of 10 test samples also appear in train")
    assert str(result) == "[FAIL] leakage: 3 of 10 test samples also appear in train"
    assert "ok=False" in repr(result) and "leakage" in repr(result)
    assert sanity.CheckResult("x", None, "skipped").status == "SKIP"


def test_summarize_puts_one_check_on_each_line():
    results = [sanity.CheckResult("leakage", True, "no test sample appears in train"),
               sanity.CheckResult("overfit_small", False, "not memorized"),
               sanity.CheckResult("dead_relus", None, "skipped: subclassed")]
    lines = sanity.summarize(results).splitlines()
    assert lines == ["PASS  leakage                     no test sample appears in train",
                     "FAIL  overfit_small               not memorized",
                     "SKIP  dead_relus                  skipped: subclassed"]
    assert sanity.summarize([]) == ""
