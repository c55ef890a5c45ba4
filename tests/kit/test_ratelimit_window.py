"""The in-process moving window, under a clock the test controls."""

from pulse.kit.ratelimit import InProcessWindows


def test_a_window_admits_the_limit_then_refuses_until_the_oldest_hit_is_a_minute_old() -> None:
    windows = InProcessWindows()
    assert windows.hit("key", 3, 1000.0) == (True, 1060.0, 2)
    assert windows.hit("key", 3, 1010.0) == (True, 1060.0, 1)
    assert windows.hit("key", 3, 1020.0) == (True, 1060.0, 0)
    # Full: refused, and a refusal is not counted.
    assert windows.hit("key", 3, 1059.0) == (False, 1060.0, 0)
    assert windows.hit("key", 3, 1059.9) == (False, 1060.0, 0)
    # The first hit leaves the window at 1060: one place frees, the next oldest rules.
    assert windows.hit("key", 3, 1060.0) == (True, 1070.0, 0)
    assert windows.hit("key", 3, 1061.0) == (False, 1070.0, 0)


def test_keys_have_windows_of_their_own_and_an_idle_window_empties() -> None:
    windows = InProcessWindows()
    for second in range(5):
        assert windows.hit("busy", 5, float(second))[0]
    assert not windows.hit("busy", 5, 5.0)[0]
    assert windows.hit("quiet", 5, 5.0) == (True, 65.0, 4)
    assert windows.hit("busy", 5, 500.0) == (True, 560.0, 4)


def test_a_lowered_limit_applies_at_once() -> None:
    windows = InProcessWindows()
    for second in range(4):
        windows.hit("key", 10, float(second))
    allowed, _, remaining = windows.hit("key", 2, 10.0)
    assert not allowed
    assert remaining == -2  # the limiter reports it as 0
