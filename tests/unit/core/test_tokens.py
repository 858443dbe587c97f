from __future__ import annotations

import base64

from videotermin_app.core.tokens import TOKEN_BYTES, hash_token, looks_like_token, new_token


def test_tokens_are_long_random_and_url_safe() -> None:
    """192 random bits, as promised: 32 URL-safe characters that decode to 24 bytes, every bit varying."""
    assert TOKEN_BYTES * 8 == 192
    tokens = [new_token()[0] for _ in range(500)]
    assert len(set(tokens)) == 500
    raws = []
    for token in tokens:
        assert len(token) == 32 and looks_like_token(token)
        raw = base64.urlsafe_b64decode(token)
        assert len(raw) == 24 and base64.urlsafe_b64encode(raw).decode() == token
        raws.append(int.from_bytes(raw, "big"))
    # each of the 192 bit positions is 0 in some token and 1 in another: no fixed, padded or truncated bits
    # (a random bit stays constant over 500 tokens with probability 2**-499)
    ones = zeros = 0
    for value in raws:
        ones |= value
        zeros |= ~value & (2**192 - 1)
    assert ones == zeros == 2**192 - 1


def test_only_the_hash_leaves_the_function_for_storage() -> None:
    token, digest = new_token()
    assert digest == hash_token(token) and token not in digest and len(digest) == 64


def test_shape_check_refuses_junk() -> None:
    for junk in ["", "short", "a" * 65, "../../etc/passwd", "abc def ghi jkl mno pqr", "<script>alert(1)</script>"]:
        assert not looks_like_token(junk)
