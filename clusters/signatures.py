"""PDF digital signatures (PAdES) with pyHanko: the system's signature on the documents the app issues, and the
validation of any signed PDF against the deployment's trust roots.

The key and certificate are the deployment's (`PADES_KEY_FILE`, `PADES_CERT_FILE`, PEM; `PADES_CHAIN_FILES` for
the issuing CAs); `PADES_TRUST_ROOTS` lists the roots a signature must chain to (the government CA's root for
USB-token certificates, and the system's own certificate or its CA). `manage.py make_signing_key` writes a
self-signed pair for development and tests. Without a key the documents are issued unsigned, and the `deploy`
system check says so.

pyHanko, not hand-written CMS: it writes PAdES baseline signatures (ETSI.CAdES.detached, incremental update), checks
the byte ranges' coverage, the digest, the certificate path and key usage, and reports modifications made after
signing — all of which a hand-rolled check would get wrong in some corner.
"""

from __future__ import annotations

import asyncio
import datetime
import functools
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

#: The signature field the system's signature goes in.
FIELD_NAME = "ChuKySoHeThong"


class SignatureState:
    """What a validation found, worst first."""

    UNSIGNED = "unsigned"
    UNREADABLE = "unreadable"
    ALTERED = "altered"
    UNTRUSTED = "untrusted"
    VALID = "valid"

    LABELS = {
        UNSIGNED: _("Tệp không có chữ ký số."),
        UNREADABLE: _("Không đọc được chữ ký số trong tệp: tệp hỏng hoặc đã bị sửa."),
        ALTERED: _("Tệp đã bị thay đổi sau khi ký: chữ ký số không còn giá trị."),
        UNTRUSTED: _("Tệp còn nguyên vẹn nhưng chứng thư số của người ký không thuộc tổ chức chứng thực được tin cậy."),
        VALID: _("Chữ ký số hợp lệ: tệp còn nguyên vẹn, chứng thư số được tin cậy."),
    }


@dataclass(frozen=True)
class SignatureReport:
    """One signature of a PDF as validated: who signed, with which certificate, when, and whether it holds."""

    state: str
    signer: str = ""
    issuer: str = ""
    serial: str = ""
    valid_from: datetime.datetime | None = None
    valid_to: datetime.datetime | None = None
    signed_at: datetime.datetime | None = None
    covers_whole_file: bool = False
    detail: str = ""

    @property
    def intact(self) -> bool:
        return self.state in (SignatureState.VALID, SignatureState.UNTRUSTED)

    @property
    def valid(self) -> bool:
        return self.state == SignatureState.VALID

    @property
    def message(self) -> str:
        return str(SignatureState.LABELS[self.state])


def _outside_any_event_loop(work):
    """Run `work()` where pyHanko may start its own asyncio loop: here, or in a worker thread when this thread
    already runs one (an async server, or a test driving a browser), since `asyncio.run` refuses to nest."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(work).result()


def signing_configured() -> bool:
    return bool(getattr(settings, "PADES_KEY_FILE", "") and getattr(settings, "PADES_CERT_FILE", ""))


@functools.lru_cache(maxsize=4)
def _signer(key_file: str, cert_file: str, chain_files: tuple[str, ...]):
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load(key_file, cert_file, ca_chain_files=chain_files or None)
    if signer is None:
        raise RuntimeError(f"Cannot load the signing key {key_file} and certificate {cert_file}.")
    return signer


def sign_pdf(data: bytes, *, reason: str = "", location: str = "") -> bytes:
    """`data` with the system's PAdES signature added as an incremental update; `data` as it is when no key is
    configured."""
    if not signing_configured():
        return data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _signer(settings.PADES_KEY_FILE, settings.PADES_CERT_FILE, tuple(settings.PADES_CHAIN_FILES))
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason or None,
        location=location or None,
    )
    return _outside_any_event_loop(lambda: signers.sign_pdf(writer, metadata, signer=signer).getvalue())


@functools.lru_cache(maxsize=4)
def _trust_roots(paths: tuple[str, ...]):
    from pyhanko.keys import load_cert_from_pemder

    return tuple(load_cert_from_pemder(path) for path in paths)


def _name(certificate_name) -> str:
    return certificate_name.human_friendly if certificate_name is not None else ""


def validate_pdf(data: bytes) -> list[SignatureReport]:
    """Every signature of the PDF `data`, validated against `PADES_TRUST_ROOTS`; one UNSIGNED or UNREADABLE report
    when there is none to validate."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as error:  # noqa: BLE001 — a hostile or broken file: say it cannot be read, never 500
        return [SignatureReport(state=SignatureState.UNREADABLE, detail=type(error).__name__)]
    if not embedded:
        return [SignatureReport(state=SignatureState.UNSIGNED)]
    roots = list(_trust_roots(tuple(getattr(settings, "PADES_TRUST_ROOTS", ()))))
    reports = []
    for signature in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        try:
            status = _outside_any_event_loop(lambda: validate_pdf_signature(signature, context))  # noqa: B023
        except Exception as error:  # noqa: BLE001 — the signature's bytes themselves were altered
            logger.info("PDF signature cannot be validated: %s", error)
            reports.append(SignatureReport(state=SignatureState.UNREADABLE, detail=type(error).__name__))
            continue
        certificate = status.signing_cert
        if not (status.intact and status.valid):
            state = SignatureState.ALTERED
        elif not status.trusted:
            state = SignatureState.UNTRUSTED
        else:
            state = SignatureState.VALID
        reports.append(
            SignatureReport(
                state=state,
                signer=_name(certificate.subject) if certificate else "",
                issuer=_name(certificate.issuer) if certificate else "",
                serial=format(certificate.serial_number, "X") if certificate else "",
                valid_from=certificate.not_valid_before if certificate else None,
                valid_to=certificate.not_valid_after if certificate else None,
                signed_at=status.signer_reported_dt,
                covers_whole_file=str(status.coverage).endswith("ENTIRE_FILE"),
                detail=str(status.modification_level or ""),
            )
        )
    return reports


def write_key_pair(
    directory,
    *,
    common_name: str,
    organisation: str = "Hệ thống quản lý thi đua, khen thưởng",
    stem: str = "signing",
    issuer: tuple | None = None,
    ca: bool = False,
    days: int = 3650,
):
    """Write `<stem>.key.pem` and `<stem>.cert.pem` in `directory`: a new RSA key and its certificate, self-signed,
    or issued by `issuer` = (its key, its certificate); `ca` makes it a certificate authority. For development and
    tests: a deployment uses the certificate its CA issued. Returns (key path, certificate path, key, certificate)."""
    from pathlib import Path

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )
    issuer_key, issuer_certificate = issuer if issuer else (key, None)
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_certificate.subject if issuer_certificate else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca or not issuer,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    certificate = builder.sign(issuer_key, hashes.SHA256())
    key_path, cert_path = directory / f"{stem}.key.pem", directory / f"{stem}.cert.pem"
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path, key, certificate
