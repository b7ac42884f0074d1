//! Accepting connections with bounds: how many at once, how long a client may take to send
//! a request's headers (or to send the next one on a kept-alive connection), and how long a
//! shutdown waits for the requests in flight.
//!
//! Why not `axum::serve`: it has no header read timeout and no connection cap, so a client
//! that opens connections and sends headers one byte a minute ("slowloris") holds memory and
//! file descriptors for as long as it likes, needs no key to do it, and keeps SIGTERM from
//! finishing. Here every connection takes a permit from a semaphore before it is accepted
//! (at `max_connections`, further clients wait in the kernel's backlog), hyper closes a
//! connection whose request headers do not arrive within `header_timeout_secs` (idle
//! keep-alive connections included), and shutdown waits at most `shutdown_grace_secs`.

use crate::Config;
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Serves `app` on `listener` until `shutdown` completes, then lets the requests in flight
/// finish for at most the configured grace period.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Router,
    config: &Config,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let permits = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(Duration::from_secs(config.header_timeout_secs.max(1)))
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
            _ = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            r = listener.accept() => match r {
                Ok((stream, peer)) => (stream, peer),
                // Out of file descriptors or a connection reset before it was accepted:
                // wait a moment instead of spinning, and go on serving.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        // Each request learns its peer's address (the workbench's loopback and proxy checks).
        let app = tower_layer::Layer::layer(&axum::Extension(crate::ui::Peer(peer)), app.clone());
        let conn = http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    let grace = Duration::from_secs(config.shutdown_grace_secs);
    if tokio::time::timeout(grace, graceful.shutdown())
        .await
        .is_err()
    {
        eprintln!(
            "{{\"event\":\"shutdown\",\"detail\":\"connections still open after {} s were closed\"}}",
            grace.as_secs()
        );
    }
    Ok(())
}
