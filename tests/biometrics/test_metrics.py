"""Error-rate arithmetic used by the benchmark."""

from tests.support.metrics import (
    equal_error_rate,
    error_rates,
    threshold_for_far,
)


def test_error_rates_for_similarity_and_distance_scores():
    assert error_rates([0.9, 0.8, 0.4], [0.1, 0.5, 0.85], 0.7) == (1 / 3, 1 / 3)
    # Distances: lower means the same person.
    assert error_rates([0.3, 0.5, 0.7], [0.8, 0.55, 0.9], 0.6, higher_is_same=False) == (1 / 3, 1 / 3)


def test_equal_error_rate_of_separated_and_overlapping_scores():
    eer, threshold = equal_error_rate([0.8, 0.9, 0.95], [0.1, 0.2, 0.3])
    assert eer == 0.0 and 0.3 < threshold <= 0.8
    eer, _ = equal_error_rate([0.5, 0.9, 0.95, 0.99], [0.1, 0.2, 0.6, 0.3])
    assert eer == 0.25


def test_threshold_for_far_lets_through_at_most_the_target_share():
    impostors = [i / 100 for i in range(100)]
    threshold = threshold_for_far(impostors, 0.01)
    far, _ = error_rates([1.0], impostors, threshold)
    assert far <= 0.01 and threshold <= 0.99
    assert error_rates([1.0], impostors, threshold - 0.011)[0] > 0.01
