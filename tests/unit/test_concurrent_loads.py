"""Resources loaded at the first question are loaded once, also when many first questions
arrive together (20 users: each thread used to parse its own CC-CEDICT, 2 GB)."""

import threading

from assistant.answering import glosses


def test_cc_cedict_is_read_once_by_concurrent_first_questions():
    glosses._read_cedict.cache_clear()
    results: list[object] = []
    start = threading.Barrier(6)

    def first_question() -> None:
        start.wait()
        results.append(glosses._cedict())

    threads = [threading.Thread(target=first_question) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 6
    assert all(r is results[0] for r in results)
    assert glosses._read_cedict.cache_info().misses == 1
