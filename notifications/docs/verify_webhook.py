import hashlib
import hmac
import time


def verify(secret: str, body: bytes, timestamp: str, signature_header: str, tolerance: int = 300) -> bool:
    """True when the request is signed with `secret` and is fresh. `body` is the raw request body (bytes, as
    received); `timestamp` is the X-Portal-Timestamp header; `signature_header` is X-Portal-Signature."""
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()
    signatures = [part.strip()[3:] for part in signature_header.split(",") if part.strip().startswith("v1=")]
    return any(hmac.compare_digest(expected, signature) for signature in signatures)
