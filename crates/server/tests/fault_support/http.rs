//! Just enough HTTP/1.1 for the fault tests, over plain sockets: one request per connection
//! (`Connection: close`), so the proxy sees each exchange whole and can break it where it likes.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serde::de::DeserializeOwned;

/// Longer than any exchange takes, so a hang fails the test instead of freezing it.
const IO_TIMEOUT: Duration = Duration::from_secs(30);

/// A complete reply: the status and the body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

impl Reply {
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|e| panic!("reply {} is not the expected JSON ({e}): {}", self.status, self.body))
    }
}

/// The exchange did not produce a complete reply: what a phone sees when the network or the
/// server goes away. The device keeps its outbox and tries again later.
#[derive(Debug)]
pub struct TransportError(pub String);

/// Sends one request to `addr` and reads the whole reply.
pub fn call(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: &str,
) -> Result<Reply, TransportError> {
    let failed = |what: &str, e: io::Error| TransportError(format!("{what}: {e}"));
    let mut stream = TcpStream::connect(addr).map_err(|e| failed("connect", e))?;
    stream
        .set_read_timeout(Some(IO_TIMEOUT))
        .map_err(|e| failed("set timeout", e))?;
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Type: application/json\r\n\
         {auth}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).map_err(|e| failed("send", e))?;
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).map_err(|e| failed("read reply", e))?;
    parse_reply(&reply)
}

/// A reply read to the end of the connection, checked to be whole: a status line, headers, and
/// exactly the `Content-Length` bytes of body they announce.
pub fn parse_reply(bytes: &[u8]) -> Result<Reply, TransportError> {
    let truncated = || TransportError(format!("connection closed after {} bytes of the reply", bytes.len()));
    let head_len = head_length(bytes).ok_or_else(truncated)?;
    let head = String::from_utf8_lossy(&bytes[..head_len]);
    let status = head
        .strip_prefix("HTTP/1.1 ")
        .and_then(|rest| rest.get(..3))
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP/1.1 reply: {head}"));
    // The server's replies are whole bodies, never chunked: the length is how truncation shows.
    let length = content_length(&head).unwrap_or_else(|| panic!("reply without Content-Length: {head}"));
    let body = &bytes[head_len..];
    if body.len() != length {
        return Err(truncated());
    }
    Ok(Reply {
        status,
        body: String::from_utf8_lossy(body).into_owned(),
    })
}

/// The status of a complete reply, or `None` when `bytes` is not one.
pub fn status_of(bytes: &[u8]) -> Option<u16> {
    parse_reply(bytes).ok().map(|reply| reply.status)
}

/// Reads one request (head and `Content-Length` body) and returns its bytes as sent.
pub fn read_request(stream: &mut TcpStream) -> io::Result<Vec<u8>> {
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        if let Some(head_len) = head_length(&bytes) {
            let head = String::from_utf8_lossy(&bytes[..head_len]);
            let wanted = head_len + content_length(&head).unwrap_or(0);
            if bytes.len() >= wanted {
                return Ok(bytes);
            }
        }
        let n = stream.read(&mut chunk)?;
        if n == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "request cut short"));
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
}

/// Reads whatever the peer sends until it closes (or the connection breaks).
pub fn read_until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let _ = stream.set_read_timeout(Some(IO_TIMEOUT));
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return bytes,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
        }
    }
}

/// The first line of a request, e.g. `POST /api/sync/push HTTP/1.1`.
pub fn request_line(request: &[u8]) -> String {
    let end = request.iter().position(|b| *b == b'\r').unwrap_or(request.len());
    String::from_utf8_lossy(&request[..end]).into_owned()
}

fn head_length(bytes: &[u8]) -> Option<usize> {
    bytes.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4)
}

fn content_length(head: &str) -> Option<usize> {
    head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.trim()
            .eq_ignore_ascii_case("content-length")
            .then(|| value.trim().parse().ok())
            .flatten()
    })
}
