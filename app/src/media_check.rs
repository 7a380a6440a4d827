//! The camera and microphone check before an online meeting. The browser is
//! asked only when the person taps; the picture is shown on this device and
//! the sound only measured for a level meter. Nothing is recorded, kept or
//! sent: no recorder, no peer connection, no request.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AnalyserNode, AudioContext, MediaStream, MediaStreamConstraints, MediaStreamTrack};

use crate::i18n::Words;

/// Why the camera and microphone could not be used, from the browser's
/// error name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MediaRefusal {
    /// The person said no, or the browser blocked it.
    Denied,
    /// No camera and no microphone.
    NoDevice,
    /// In use by another app, or the device would not start.
    InUse,
    /// The browser cannot use them here (an old browser, or a page not
    /// served securely).
    Unsupported,
    /// Anything else, by the browser's name for it.
    Other(String),
}

impl MediaRefusal {
    /// The refusal for a `getUserMedia` error name (`NotAllowedError`).
    pub fn from_name(name: &str) -> MediaRefusal {
        match name {
            "NotAllowedError" | "PermissionDeniedError" => MediaRefusal::Denied,
            "NotFoundError" | "DevicesNotFoundError" | "OverconstrainedError" => {
                MediaRefusal::NoDevice
            }
            "NotReadableError" | "TrackStartError" | "AbortError" => MediaRefusal::InUse,
            "SecurityError" | "TypeError" => MediaRefusal::Unsupported,
            other => MediaRefusal::Other(other.chars().take(60).collect()),
        }
    }

    fn from_error(error: &JsValue) -> MediaRefusal {
        let name = js_sys::Reflect::get(error, &JsValue::from_str("name"))
            .ok()
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        MediaRefusal::from_name(&name)
    }

    /// What went wrong and what to do, in the person's language.
    pub fn message(&self, words: &Words) -> String {
        let check = &words.tech_check;
        match self {
            MediaRefusal::Denied => check.denied.to_owned(),
            MediaRefusal::NoDevice => check.no_device.to_owned(),
            MediaRefusal::InUse => check.in_use.to_owned(),
            MediaRefusal::Unsupported => check.unsupported.to_owned(),
            MediaRefusal::Other(name) => (check.other)(name),
        }
    }
}

/// A running check: the stream, and the analyser behind the level meter.
pub struct MediaCheck {
    stream: MediaStream,
    audio: Option<(AudioContext, AnalyserNode)>,
    samples: Vec<f32>,
}

impl MediaCheck {
    /// Asks for the camera and the microphone. A device with only one of
    /// them is checked with that one.
    pub async fn start() -> Result<MediaCheck, MediaRefusal> {
        let stream = match ask(true, true).await {
            Err(MediaRefusal::NoDevice) => match ask(false, true).await {
                Err(MediaRefusal::NoDevice) => ask(true, false).await?,
                other => other?,
            },
            other => other?,
        };
        let audio = listen(&stream).ok();
        Ok(MediaCheck {
            stream,
            audio,
            samples: vec![0.0; 1024],
        })
    }

    /// The stream, for the preview.
    pub fn stream(&self) -> &MediaStream {
        &self.stream
    }

    /// Whether the camera is on.
    pub fn has_camera(&self) -> bool {
        self.stream.get_video_tracks().length() > 0
    }

    /// Whether the microphone is on.
    pub fn has_microphone(&self) -> bool {
        self.stream.get_audio_tracks().length() > 0
    }

    /// The microphone's loudness now, from 0 (silence) to 1.
    pub fn level(&mut self) -> f64 {
        let Some((_, analyser)) = &self.audio else {
            return 0.0;
        };
        analyser.get_float_time_domain_data(&mut self.samples);
        let power: f32 =
            self.samples.iter().map(|s| s * s).sum::<f32>() / self.samples.len().max(1) as f32;
        // Speech at a normal distance is an RMS of about 0.05 to 0.2.
        (f64::from(power.sqrt()) * 5.0).min(1.0)
    }

    /// Turns the camera and microphone off.
    pub fn stop(&self) {
        for track in self.stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<MediaStreamTrack>() {
                track.stop();
            }
        }
        if let Some((context, _)) = &self.audio {
            let _closing = context.close();
        }
    }
}

impl Drop for MediaCheck {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn ask(video: bool, audio: bool) -> Result<MediaStream, MediaRefusal> {
    let navigator = web_sys::window()
        .ok_or(MediaRefusal::Unsupported)?
        .navigator();
    // `navigator.mediaDevices` is missing outside secure pages and in old
    // browsers.
    let devices = js_sys::Reflect::get(&navigator, &JsValue::from_str("mediaDevices"))
        .ok()
        .filter(|d| !d.is_undefined() && !d.is_null())
        .ok_or(MediaRefusal::Unsupported)?
        .unchecked_into::<web_sys::MediaDevices>();
    let constraints = MediaStreamConstraints::new();
    constraints.set_video_bool(video);
    constraints.set_audio_bool(audio);
    let promise = devices
        .get_user_media_with_constraints(&constraints)
        .map_err(|e| MediaRefusal::from_error(&e))?;
    let stream = JsFuture::from(promise)
        .await
        .map_err(|e| MediaRefusal::from_error(&e))?;
    stream
        .dyn_into::<MediaStream>()
        .map_err(|_| MediaRefusal::Unsupported)
}

/// An analyser on the stream's sound, not connected to the speakers (so
/// the person does not hear themselves echo).
fn listen(stream: &MediaStream) -> Result<(AudioContext, AnalyserNode), JsValue> {
    if stream.get_audio_tracks().length() == 0 {
        return Err(JsValue::NULL);
    }
    let context = AudioContext::new()?;
    let connected = (|| {
        let source = context.create_media_stream_source(stream)?;
        let analyser = context.create_analyser()?;
        analyser.set_fft_size(1024);
        source.connect_with_audio_node(&analyser)?;
        Ok::<_, JsValue>(analyser)
    })();
    let analyser = match connected {
        Ok(analyser) => analyser,
        Err(error) => {
            let _closing = context.close();
            return Err(error);
        }
    };
    // A context made after an await may start suspended, and then measures
    // nothing.
    let _resuming = context.resume();
    Ok((context, analyser))
}
