//! The ordered parallel pipeline of every batch command (`screen`, `rescreen`, `goods`):
//! one thread reads raw records in chunks, worker threads turn each record into an outcome,
//! and the calling thread gets the chunks back in input order. The queues between the
//! stages are bounded, so memory stays flat however large the input.

use crate::{RawRecord, RecordSource, ScreenError};
use std::collections::BTreeMap;
use std::sync::mpsc::sync_channel;
use std::sync::{Arc, Mutex};

/// Worker threads for `asked` (0: one per core).
pub fn workers(asked: usize) -> usize {
    if asked == 0 {
        std::thread::available_parallelism().map_or(2, |n| n.get())
    } else {
        asked
    }
}

/// Reads every record of `source` in chunks of `chunk`, maps each with `work` on `workers`
/// threads, and hands the chunks of outcomes to `take` in input order, on the calling
/// thread. Stops at the first error of `take` or of the reader (a read error comes after
/// the chunks read before it).
pub fn in_order<O: Send>(
    source: &mut dyn RecordSource,
    chunk: usize,
    workers: usize,
    work: &(dyn Fn(RawRecord) -> O + Sync),
    mut take: impl FnMut(Vec<O>) -> Result<(), ScreenError>,
) -> Result<(), ScreenError> {
    let chunk = chunk.max(1);
    let workers = workers.max(1);
    let read_error: Mutex<Option<ScreenError>> = Mutex::new(None);
    let result = std::thread::scope(|s| -> Result<(), ScreenError> {
        // The reader stays at most a few chunks ahead of the workers, and the workers of
        // the taker.
        let (work_tx, work_rx) = sync_channel::<(u64, Vec<RawRecord>)>(workers * 2);
        let (done_tx, done_rx) = sync_channel::<(u64, Vec<O>)>(workers * 2);
        let work_rx = Arc::new(Mutex::new(work_rx));
        let read_error = &read_error;
        s.spawn(move || {
            let mut seq = 0u64;
            loop {
                let mut recs = Vec::with_capacity(chunk);
                let more = match source.read_chunk(chunk, &mut recs) {
                    Ok(more) => more,
                    Err(e) => {
                        if let Ok(mut slot) = read_error.lock() {
                            *slot = Some(e);
                        }
                        false
                    }
                };
                if !recs.is_empty() && work_tx.send((seq, recs)).is_err() {
                    return;
                }
                seq += 1;
                if !more {
                    return;
                }
            }
        });
        for _ in 0..workers {
            let work_rx = work_rx.clone();
            let done_tx = done_tx.clone();
            s.spawn(move || loop {
                let job = match work_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok((seq, recs)) = job else { return };
                let out: Vec<O> = recs.into_iter().map(work).collect();
                if done_tx.send((seq, out)).is_err() {
                    return;
                }
            });
        }
        drop(done_tx);
        let mut pending: BTreeMap<u64, Vec<O>> = BTreeMap::new();
        let mut next = 0u64;
        for (seq, outs) in done_rx {
            pending.insert(seq, outs);
            while let Some(outs) = pending.remove(&next) {
                next += 1;
                take(outs)?;
            }
        }
        Ok(())
    });
    result?;
    match read_error.into_inner().ok().flatten() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}
