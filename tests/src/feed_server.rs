//! A small HTTP server on 127.0.0.1 that serves test feeds to the worker,
//! and can be told to fail or hang, as real feed servers do.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// What the server answers at one path.
#[derive(Clone, Debug)]
pub enum Reply {
    /// 200 with this body.
    Body(Vec<u8>),
    /// This status with a short text body.
    Status(u16),
    /// Headers promising a body that never comes (a stalled server).
    Stall,
    /// 302 to this address.
    Redirect(String),
}

/// A running feed server; stopped on drop.
pub struct FeedServer {
    port: u16,
    replies: Arc<Mutex<HashMap<String, Reply>>>,
    task: JoinHandle<()>,
}

impl FeedServer {
    /// Starts the server on a free port.
    pub async fn start() -> FeedServer {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let replies: Arc<Mutex<HashMap<String, Reply>>> = Arc::default();
        let shared = replies.clone();
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let replies = shared.clone();
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 4096];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buffer[..n]),
                        }
                    }
                    let text = String::from_utf8_lossy(&request);
                    let path = text.split(' ').nth(1).unwrap_or("/").to_owned();
                    let reply = replies.lock().expect("replies").get(&path).cloned();
                    let mut location = String::new();
                    let (status, body) = match reply {
                        Some(Reply::Redirect(to)) => {
                            location = format!("location: {to}\r\n");
                            (302, b"moved".to_vec())
                        }
                        Some(Reply::Body(body)) => (200, body),
                        Some(Reply::Status(status)) => (status, b"failure".to_vec()),
                        Some(Reply::Stall) => {
                            let head = "HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n[";
                            let _ = stream.write_all(head.as_bytes()).await;
                            tokio::time::sleep(std::time::Duration::from_secs(120)).await;
                            return;
                        }
                        None => (404, b"no such feed".to_vec()),
                    };
                    let head = format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\n{location}\
                         content-length: {}\r\nconnection: close\r\n\r\n",
                        body.len()
                    );
                    let _ = stream.write_all(head.as_bytes()).await;
                    let _ = stream.write_all(&body).await;
                    let _ = stream.shutdown().await;
                });
            }
        });
        FeedServer {
            port,
            replies,
            task,
        }
    }

    /// Sets what `path` answers.
    pub fn set(&self, path: &str, reply: Reply) {
        self.replies
            .lock()
            .expect("replies")
            .insert(path.to_owned(), reply);
    }

    /// The address of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for FeedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}
