from __future__ import annotations

import base64

from videotermin_app.core.tokens import hash_token, looks_like_token, new_token


def test_tokens_are_long_random_and_url_safe() -> None:
    tokens = {new_token()[0] for _ in range(500)}
    assert len(tokens) == 500
    for token in tokens:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        assert len(raw) * 8 >= 128
        assert looks_like_token(token)


def test_only_the_hash_leaves_the_function_for_storage() -> None:
    token, digest = new_token()
    assert digest == hash_token(token) and token not in digest and len(digest) == 64


def test_shape_check_refuses_junk() -> None:
    for junk in ["", "short", "a" * 65, "../../etc/passwd", "abc def ghi jkl mno pqr", "<script>alert(1)</script>"]:
        assert not looks_like_token(junk)
