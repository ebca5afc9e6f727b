"""`make bench` states each of issue 17's targets as met or missed by how much (benchmarks/targets.py)."""
from benchmarks.commands import Run, SizeResult
from benchmarks.targets import target_lines


def sized(offers, build_s, cpu, rss, floor_cpu=None, check=None, warm=None):
    r = SizeResult(offers)
    r.build = Run(build_s, rss, True, cpu=cpu)
    if floor_cpu:
        r.floor = Run(floor_cpu, 50, True, cpu=floor_cpu)
    if check:
        r.check, r.check_warm = Run(check, 100, True, cpu=check), Run(warm, 100, True, cpu=warm)
    return r


def test_each_target_is_met_or_missed_by_a_stated_amount():
    results = [sized(5_000, 60, 50, 300, floor_cpu=20, check=6.0, warm=1.2),
               sized(50_000, 280, 560, 1_600)]
    serve = [{"dirty": False, "offers": 1000, "rebuilds": [9.0]},
             {"dirty": True, "offers": 1000, "rebuilds": [0.8, 0.9, 1.3]}]
    text = "\n".join(target_lines(results, serve))
    assert "| 1.600 MB | **verfehlt** um 100 MB (× 1,07) |" in text
    results[1].build.pss_mb = 1_700
    assert ("| alle Prozesse 1.700 MB, größter Prozess 1.600 MB | **verfehlt** um 200 MB (× 1,13) mit Seiten-Arbeitern, "
            "**verfehlt** um 100 MB (× 1,07) in einem Prozess") in "\n".join(target_lines(results, serve))
    results[1].build.rss_mb = 1_200
    assert "**verfehlt** um 200 MB (× 1,13) mit Seiten-Arbeitern, **erreicht** in einem Prozess" in "\n".join(
        target_lines(results, serve))
    results[1].build.rss_mb, results[1].build.pss_mb = 1_600, None
    assert "50,0 s gegen 20,0 s = 2,50 × | **verfehlt** um 0,50 × |" in text
    assert "| 280 s (CPU 560 s) | **erreicht** |" in text
    assert "**erreicht** mit, **verfehlt** um 3,0 s (× 2,00) ohne Zwischenspeicher" in text
    assert "nur Deutsch: Median 0,90 s | **erreicht** |" in text
    serve.append({"dirty": True, "all_languages": True, "offers": 1000, "rebuilds": [4.0, 5.0, 6.0]})
    assert ("alle Sprachen wie `make serve`: Median 5,00 s | **verfehlt** um 4,00 s (× 5,00) |"
            in "\n".join(target_lines(results, serve)))
    assert "Spitzen-RSS je Angebot 5.000: 61 KB; 50.000: 33 KB; jedes weitere Angebot von 5.000 bis 50.000: 30 KB" in text


def test_nothing_measured_no_table():
    assert target_lines([sized(1_000, 10, 9, 100)], []) == []
