import pytest

from harness.jobs.expressions import ExpressionEvaluationError

HIRE = "2012-03-16-07:00"


@pytest.mark.parametrize(
    ("value", "out"),
    [
        ("2020-03-16-07:00", "3/16/2020 7:00:00 AM"),
        ("2021-06-30+08:00", "6/29/2021 4:00:00 PM"),
        ("2009-06-15T01:45:30-07:00", "6/15/2009 8:45:30 AM"),
        ("2021-08-24", "8/24/2021 12:00:00 AM"),
        ("8/25/2021 5:41:18 PM", "8/25/2021 5:41:18 PM"),
        ("2021-01-02T03:04:05.678Z", "1/2/2021 3:04:05 AM"),
    ],
)
def test_cdate_doc_examples(run, value, out):
    assert run("CDate([StatusHireDate])", StatusHireDate=value) == out


def test_cdate_rejects_garbage(run):
    with pytest.raises(ExpressionEvaluationError, match="not a recognised date"):
        run('CDate("next tuesday")')


@pytest.mark.parametrize(
    ("interval", "value", "out"),
    [
        ("d", 7, "3/23/2012 7:00:00 AM"),
        ("d", -10, "3/6/2012 7:00:00 AM"),
        ("ww", 2, "3/30/2012 7:00:00 AM"),
        ("m", 10, "1/16/2013 7:00:00 AM"),
        ("yyyy", 2, "3/16/2014 7:00:00 AM"),
        ("h", 1, "3/16/2012 8:00:00 AM"),
        ("n", 30, "3/16/2012 7:30:00 AM"),
        ("s", 5, "3/16/2012 7:00:05 AM"),
    ],
)
def test_dateadd_doc_table(run, interval, value, out):
    assert run(f'DateAdd("{interval}", {value}, CDate([StatusHireDate]))', StatusHireDate=HIRE) == out


def test_dateadd_month_end_is_clamped(run):
    assert run('DateAdd("m", 1, CDate("2021-01-31"))') == "2/28/2021 12:00:00 AM"


def test_dateadd_unknown_interval(run):
    with pytest.raises(ExpressionEvaluationError, match="interval must be one of"):
        run('DateAdd("q", 1, CDate("2021-01-31"))')


@pytest.mark.parametrize(
    ("interval", "date1", "date2", "out"),
    [
        ("d", "2021-08-18+08:00", "2021-08-31+08:00", "13"),
        ("d", "8/25/2021 5:41:18 PM", HIRE, "-3449"),
        ("ww", "8/25/2021 5:41:18 PM", HIRE, "-493"),
        ("m", "8/25/2021 5:41:18 PM", HIRE, "-113"),
        ("yyyy", "8/25/2021 5:41:18 PM", HIRE, "-9"),
        ("d", "2021-08-31+08:00", "2021-08-31+08:00", "0"),
        ("h", "2021-08-24", "2021-08-25", "24"),
        ("n", "2021-08-24", "2021-08-25", "1440"),
        ("s", "2021-08-24", "2021-08-25", "86400"),
    ],
)
def test_datediff_doc_table(run, interval, date1, date2, out):
    assert run(f'DateDiff("{interval}", CDate("{date1}"), CDate("{date2}"))') == out


@pytest.mark.parametrize(("hire", "out"), [("2021-07-05", "True"), ("2021-07-20", "False")])
def test_datediff_with_iif_doc_example(run, hire, out):
    expr = (
        'Switch([Active], , "1", IIF(DateDiff("d", Now(), CDate([StatusHireDate])) > 5, "False", "True"), '
        '"0", "False")'
    )
    assert run(expr, Active="1", StatusHireDate=hire) == out


def test_now_reads_the_context_clock(run):
    assert run("Now()") == "7/2/2021 3:33:38 PM"


def test_datefromnum_doc_example(run):
    assert run("DateFromNum(129699324000000000)") == "1/1/2012 11:00:00 PM"


@pytest.mark.parametrize(
    ("value", "out"),
    [("2012-01-01T23:00:00Z", "129699324000000000"), ("2020-12-31 23:59:59-08:00", "132539615990000000")],
)
def test_numfromdate(run, value, out):
    assert run("NumFromDate([v])", v=value) == out


def test_numfromdate_workday_doc_example(run):
    expr = 'NumFromDate(Join("", FormatDateTime([ContractEndDate], ,"yyyy-MM-ddzzz", "yyyy-MM-dd"), " 23:59:59-08:00"))'
    assert run(expr, ContractEndDate="2020-12-31-08:00") == "132539615990000000"


def test_numfromdate_successfactors_doc_example(run):
    expr = 'NumFromDate(Join("",FormatDateTime([endDate], ,"M/d/yyyy hh:mm:ss tt","yyyy-MM-dd")," 23:59:59-08:00"))'
    assert run(expr, endDate="12/31/2020 12:00:00 AM") == "132539615990000000"


@pytest.mark.parametrize(
    ("source", "fmt_in", "fmt_out", "out"),
    [
        ("20150123105347.1Z", "yyyyMMddHHmmss.fZ", "yyyy-MM-dd", "2015-01-23"),
        ("2021-03-04 05:06:07", "yyyy-MM-dd HH:mm:ss", "M/d/yy h:m:s tt", "3/4/21 5:6:7 AM"),
        ("2021-03-04", "yyyy-MM-dd", "dddd, MMMM d", "Thursday, March 4"),
        ("2021-03-04", "yyyy-MM-dd", "ddd MMM dd", "Thu Mar 04"),
        ("04/03/2021 13:05", "dd/MM/yyyy HH:mm", "hh:mm tt", "01:05 PM"),
        (
            "2021-03-04T05:06:07+02:00",
            "yyyy-MM-ddTHH:mm:sszzz",
            "yyyy-MM-ddTHH:mm:ssK",
            "2021-03-04T03:06:07Z",
        ),
        ("2021-03-04", "yyyy-MM-dd", "yyyy'y'MM\\m", "2021y03m"),
        ("2021-03-04 05:06:07.1234", "yyyy-MM-dd HH:mm:ss.ffff", "fff|FF", "123|12"),
        ("  2021-03-04 ", "yyyy-MM-dd", "d", "3/4/2021"),
        ("Mar 4 2021", "MMM d yyyy", "s", "2021-03-04T00:00:00"),
    ],
)
def test_formatdatetime(run, source, fmt_in, fmt_out, out):
    assert run(f'FormatDateTime([v], , "{fmt_in}", "{fmt_out}")', v=source) == out


def test_formatdatetime_mismatch_is_explained(run):
    with pytest.raises(ExpressionEvaluationError, match="does not match the format"):
        run('FormatDateTime("2021/03/04", , "yyyy-MM-dd", "yyyy")')


def test_formatdatetime_unknown_style(run):
    with pytest.raises(ExpressionEvaluationError, match="dateTimeStyles"):
        run('FormatDateTime("2021-03-04", "Bogus", "yyyy-MM-dd", "yyyy")')


def test_formatdatetime_known_style(run):
    assert run('FormatDateTime("2021-03-04", "AdjustToUniversal", "yyyy-MM-dd", "yyyy")') == "2021"
