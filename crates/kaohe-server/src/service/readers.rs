//! The threads that read uploaded files: a fixed few, apart from the async
//! workers, so that a file that takes seconds to read never holds up other
//! requests, at most that many files are read at once, and the memory a read
//! used stays with one of a few threads (and their allocator arenas) instead
//! of being spread over a growing blocking pool.

use std::panic::AssertUnwindSafe;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{oneshot, Semaphore};

type Job = Box<dyn FnOnce() + Send>;

/// A read that did not give an answer.
#[derive(Debug, PartialEq, Eq)]
pub enum NotRead {
    /// Every reader stayed busy for the whole wait.
    Busy,
    /// The read ran past the time allowed; its thread finishes on its own.
    TooSlow,
    /// The read panicked (a bug in a reader), or the pool is gone.
    Failed,
}

/// A fixed pool of reader threads.
pub struct Readers {
    jobs: Mutex<mpsc::Sender<Job>>,
    /// One permit per thread: a job is sent only when a thread is free.
    free: Arc<Semaphore>,
}

impl Readers {
    /// Starts `threads` reader threads (at least one).
    pub fn new(threads: usize) -> Readers {
        let threads = threads.max(1);
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        for n in 0..threads {
            let receiver = receiver.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("kaohe-reader-{n}"))
                .stack_size(16 << 20)
                .spawn(move || loop {
                    let job = match receiver.lock() {
                        Ok(r) => r.recv(),
                        Err(_) => return,
                    };
                    match job {
                        // A panic is a reader's bug: the upload gets an
                        // error, the thread lives on for the next one.
                        Ok(job) => {
                            let _ = std::panic::catch_unwind(AssertUnwindSafe(job));
                        }
                        Err(_) => return,
                    }
                });
            if let Err(e) = spawned {
                tracing::error!(error = %e, "could not start a reader thread");
            }
        }
        Readers {
            jobs: Mutex::new(sender),
            free: Arc::new(Semaphore::new(threads)),
        }
    }

    /// Runs `read` on a reader thread: waits up to `wait` for a free one,
    /// then up to `limit` for the answer.
    pub async fn run<T: Send + 'static>(
        &self,
        wait: Duration,
        limit: Duration,
        read: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, NotRead> {
        let permit = tokio::time::timeout(wait, self.free.clone().acquire_owned())
            .await
            .map_err(|_| NotRead::Busy)?
            .map_err(|_| NotRead::Failed)?;
        let (answer, answered) = oneshot::channel();
        let job: Job = Box::new(move || {
            // Held until the read ends, even after the caller gave up.
            let _permit = permit;
            let _ = answer.send(read());
        });
        self.jobs
            .lock()
            .map_err(|_| NotRead::Failed)?
            .send(job)
            .map_err(|_| NotRead::Failed)?;
        match tokio::time::timeout(limit, answered).await {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(_)) => Err(NotRead::Failed),
            Err(_) => Err(NotRead::TooSlow),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_run_apart_and_a_busy_pool_says_so() {
        let readers = Arc::new(Readers::new(1));
        let second = Duration::from_secs(1);
        assert_eq!(readers.run(second, second, || 6 * 7).await, Ok(42));
        // A panicking read is an error, and the thread survives it.
        let panicked = readers
            .run(second, second, || panic!("a reader's bug"))
            .await;
        assert_eq!(panicked, Err::<(), _>(NotRead::Failed));
        assert_eq!(readers.run(second, second, || 1).await, Ok(1));
        // A slow read: its caller gives up; the next caller finds no thread.
        let slow = readers.run(second, Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_millis(400));
        });
        assert_eq!(slow.await, Err(NotRead::TooSlow));
        let busy = readers.run(Duration::from_millis(50), second, || ()).await;
        assert_eq!(busy, Err(NotRead::Busy));
        // Once it is done, the thread serves again.
        assert_eq!(readers.run(second, second, || 2).await, Ok(2));
    }
}
