//! The log's lock, through the browser's WebCrypto: a key derived from the
//! passphrase with PBKDF2-SHA-256, and AES-GCM sealing. The key never
//! leaves WebCrypto (it is not extractable) and is kept in memory only
//! while the log is unlocked.

use lantern_core::log::sealed::{Sealed, IV_BYTES, SALT_BYTES};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, SubtleCrypto};

use crate::error::AppError;

/// A key that opens one sealed log, and what it was derived with.
#[derive(Clone, Debug)]
pub struct LogKey {
    key: CryptoKey,
    salt: [u8; SALT_BYTES],
    iterations: u32,
}

fn failed(what: &str, error: JsValue) -> AppError {
    AppError::Crypto {
        detail: format!("{what}: {error:?}"),
    }
}

fn crypto() -> Result<web_sys::Crypto, AppError> {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or_else(|| AppError::Crypto {
            detail: "this browser has no WebCrypto".to_owned(),
        })
}

fn subtle() -> Result<SubtleCrypto, AppError> {
    Ok(crypto()?.subtle())
}

/// `N` random bytes from the browser's generator.
pub fn random<const N: usize>() -> Result<[u8; N], AppError> {
    let mut bytes = [0; N];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(|e| failed("random bytes", e))?;
    Ok(bytes)
}

async fn promised<T: JsCast>(
    what: &str,
    promise: Result<js_sys::Promise, JsValue>,
) -> Result<T, AppError> {
    let value = JsFuture::from(promise.map_err(|e| failed(what, e))?)
        .await
        .map_err(|e| failed(what, e))?;
    value.dyn_into().map_err(|e| failed(what, e))
}

impl LogKey {
    /// Derives the key for `passphrase` with a new random salt (locking, or
    /// saving an encrypted copy).
    pub async fn new(passphrase: &str) -> Result<LogKey, AppError> {
        LogKey::derive(passphrase, random()?, lantern_core::log::sealed::ITERATIONS).await
    }

    /// Derives the key that opens `sealed`, if `passphrase` is right.
    pub async fn for_sealed(passphrase: &str, sealed: &Sealed) -> Result<LogKey, AppError> {
        LogKey::derive(passphrase, sealed.salt, sealed.iterations).await
    }

    async fn derive(
        passphrase: &str,
        salt: [u8; SALT_BYTES],
        iterations: u32,
    ) -> Result<LogKey, AppError> {
        let subtle = subtle()?;
        let raw = js_sys::Uint8Array::from(passphrase.as_bytes());
        let usages = js_sys::Array::of1(&JsValue::from_str("deriveKey"));
        let base: CryptoKey = promised(
            "importing the passphrase",
            subtle.import_key_with_str("raw", &raw, "PBKDF2", false, &usages),
        )
        .await?;
        let salt_array = js_sys::Uint8Array::from(&salt[..]);
        let params =
            web_sys::Pbkdf2Params::new_with_str("PBKDF2", "SHA-256", iterations, &salt_array);
        let aes = web_sys::AesDerivedKeyParams::new("AES-GCM", 256);
        let usages =
            js_sys::Array::of2(&JsValue::from_str("encrypt"), &JsValue::from_str("decrypt"));
        let key = promised(
            "deriving the key",
            subtle.derive_key_with_object_and_object(&params, &base, &aes, false, &usages),
        )
        .await?;
        Ok(LogKey {
            key,
            salt,
            iterations,
        })
    }

    /// Whether this key was derived for `sealed` (same salt and iterations),
    /// so it may open it.
    pub fn fits(&self, sealed: &Sealed) -> bool {
        self.salt == sealed.salt && self.iterations == sealed.iterations
    }

    /// Encrypts `plain` with a new random nonce.
    pub async fn seal(&self, plain: &[u8]) -> Result<Sealed, AppError> {
        let iv: [u8; IV_BYTES] = random()?;
        let iv_array = js_sys::Uint8Array::from(&iv[..]);
        let params = web_sys::AesGcmParams::new("AES-GCM", &iv_array);
        let data: js_sys::ArrayBuffer = promised(
            "encrypting",
            subtle()?.encrypt_with_object_and_u8_array(&params, &self.key, plain),
        )
        .await?;
        Ok(Sealed {
            iterations: self.iterations,
            salt: self.salt,
            iv,
            data: js_sys::Uint8Array::new(&data).to_vec(),
        })
    }

    /// Decrypts `sealed`. A wrong passphrase and damaged data fail alike:
    /// AES-GCM checks both with one tag.
    pub async fn open(&self, sealed: &Sealed) -> Result<Vec<u8>, AppError> {
        if !self.fits(sealed) {
            return Err(AppError::WrongPassphrase);
        }
        let iv_array = js_sys::Uint8Array::from(&sealed.iv[..]);
        let params = web_sys::AesGcmParams::new("AES-GCM", &iv_array);
        let promise = subtle()?.decrypt_with_object_and_u8_array(&params, &self.key, &sealed.data);
        let data = JsFuture::from(promise.map_err(|e| failed("decrypting", e))?)
            .await
            .map_err(|_| AppError::WrongPassphrase)?;
        Ok(js_sys::Uint8Array::new(&data).to_vec())
    }
}
