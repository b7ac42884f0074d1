//! Where an output path is written. A regular file (or a new one) is written to a temporary
//! sibling that is renamed into place at the end, so a failed run never leaves half a file
//! under the final name. A device, pipe or socket (`/dev/null`, `/dev/stdout`, a FIFO) is
//! written directly: renaming a file onto it would replace the device itself with a plain
//! file — for `/dev/null`, breaking every program on the machine that reads from it.

use anyhow::{bail, Context, Result};
use std::fs::File;
use std::path::{Path, PathBuf};

/// How an output path is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutFile {
    /// Written to `partial`, renamed to `dest` by [`OutFile::commit`].
    Staged { dest: PathBuf, partial: PathBuf },
    /// Written in place: the path names a device, pipe or socket.
    Direct(PathBuf),
}

impl OutFile {
    /// Decides how to write `path`; the staging file is `path` with `.partial` appended (for
    /// a symbolic link to a regular file, beside the file it points at, so the link stays).
    /// A directory is refused.
    pub fn plan(path: &Path) -> Result<OutFile> {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => bail!("{} is a directory; name a file", path.display()),
            Ok(m) if !m.is_file() => Ok(OutFile::Direct(path.to_path_buf())),
            Ok(_) => {
                let link = std::fs::symlink_metadata(path)
                    .with_context(|| format!("reading {}", path.display()))?
                    .file_type()
                    .is_symlink();
                let dest = if link {
                    std::fs::canonicalize(path)
                        .with_context(|| format!("resolving {}", path.display()))?
                } else {
                    path.to_path_buf()
                };
                Ok(OutFile::staged(dest))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Ok(OutFile::staged(path.to_path_buf()))
            }
            Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
        }
    }

    fn staged(dest: PathBuf) -> OutFile {
        let mut partial = dest.as_os_str().to_owned();
        partial.push(".partial");
        OutFile::Staged {
            dest,
            partial: PathBuf::from(partial),
        }
    }

    /// Whether the output is a file of its own (not a device or pipe): side files such as
    /// the bad-records report are named after it only then.
    pub fn is_file(&self) -> bool {
        matches!(self, OutFile::Staged { .. })
    }

    /// Opens the file to write: the staging file (created or emptied), or the device.
    pub fn create(&self) -> Result<File> {
        match self {
            OutFile::Staged { partial, .. } => {
                File::create(partial).with_context(|| format!("creating {}", partial.display()))
            }
            OutFile::Direct(path) => std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .with_context(|| format!("opening {}", path.display())),
        }
    }

    /// Puts a finished staging file in place (nothing to do for a device).
    pub fn commit(&self) -> Result<()> {
        if let OutFile::Staged { dest, partial } = self {
            std::fs::rename(partial, dest)
                .with_context(|| format!("moving {} to {}", partial.display(), dest.display()))?;
        }
        Ok(())
    }

    /// Removes an unfinished staging file (nothing to do for a device).
    pub fn abandon(&self) {
        if let OutFile::Staged { partial, .. } = self {
            let _ = std::fs::remove_file(partial);
        }
    }

    /// Writes `bytes` whole: staged and renamed, or straight to the device.
    pub fn write_all(&self, bytes: &[u8]) -> Result<()> {
        use std::io::Write;
        let mut f = self.create()?;
        if let Err(e) = f.write_all(bytes) {
            self.abandon();
            return Err(e).with_context(|| format!("writing {}", self.writing().display()));
        }
        drop(f);
        self.commit()
    }

    /// The path bytes are written to.
    pub fn writing(&self) -> &Path {
        match self {
            OutFile::Staged { partial, .. } => partial,
            OutFile::Direct(path) => path,
        }
    }
}

/// Whether `a` and `b` name the same existing file (through links, `..` or another
/// spelling).
pub fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(ma), Ok(mb)) => {
            use std::os::unix::fs::MetadataExt;
            ma.dev() == mb.dev() && ma.ino() == mb.ino() && ma.is_file()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(x), Ok(y)) if x == y
        ),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let d =
            std::env::temp_dir().join(format!("interdict-outfile-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn regular_and_new_files_are_staged_and_renamed() {
        let d = scratch("regular");
        let new = d.join("new.txt");
        let plan = OutFile::plan(&new).unwrap();
        assert_eq!(
            plan,
            OutFile::Staged {
                dest: new.clone(),
                partial: d.join("new.txt.partial")
            }
        );
        plan.write_all(b"one").unwrap();
        assert_eq!(std::fs::read(&new).unwrap(), b"one");
        assert!(!d.join("new.txt.partial").exists());
        // An existing file is replaced whole.
        OutFile::plan(&new).unwrap().write_all(b"two").unwrap();
        assert_eq!(std::fs::read(&new).unwrap(), b"two");
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn devices_are_written_in_place_and_stay_devices() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        let plan = OutFile::plan(null).unwrap();
        assert_eq!(plan, OutFile::Direct(null.to_path_buf()));
        assert!(!plan.is_file());
        plan.write_all(b"discarded").unwrap();
        let t = std::fs::metadata(null).unwrap().file_type();
        assert!(t.is_char_device(), "/dev/null must stay a device");
        assert!(!Path::new("/dev/null.partial").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_file_stays_a_link_and_directories_are_refused() {
        let d = scratch("link");
        let target = d.join("target.jsonl");
        std::fs::write(&target, "old").unwrap();
        let link = d.join("link.jsonl");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        OutFile::plan(&link).unwrap().write_all(b"new").unwrap();
        assert!(std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        let err = OutFile::plan(&d).unwrap_err().to_string();
        assert!(err.contains("is a directory"), "{err}");
        std::fs::remove_dir_all(&d).unwrap();
    }
}
