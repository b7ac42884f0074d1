//! The workbench's users: a JSON file of names, roles and argon2id password hashes, written
//! by `interdict users` and read by `interdict serve`.
//!
//! Why a file and not a table of the alert store: the alert store may be a PostgreSQL server
//! shared by many teams and written by screening runs, while who may log in to one server is
//! that server's operator's business — a file beside its data, readable by it alone (mode
//! 0600), changed by replacing it whole (written under a temporary name, synced, renamed), so
//! a crash never leaves half a file. Passwords are kept only as argon2id hashes (the
//! password-hashing competition's winner, OWASP's first choice) with a random salt each.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Errors of the users file, naming it.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    /// The file could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The users file.
        path: PathBuf,
        /// What failed.
        message: String,
    },
    /// The file is not a users file.
    #[error("{path}: not a users file ({message}); it is written by `interdict users add`")]
    Corrupt {
        /// The users file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A name that cannot be a user's.
    #[error("{0:?} cannot be a user name: use 1–64 letters, digits, '.', '-', '_' or '@'")]
    BadName(String),
    /// A role that is not one of the three.
    #[error("{0:?} is not a role: use analyst, reviewer or admin")]
    BadRole(String),
    /// A password too short to resist guessing.
    #[error("the password has {0} characters; use at least {MIN_PASSWORD_CHARS}")]
    ShortPassword(usize),
    /// Adding a user who exists.
    #[error("{0} is already a user; remove them first to change the role or password")]
    Exists(String),
    /// Removing a user who does not exist.
    #[error("{0} is not a user; `interdict users list` shows them")]
    NoUser(String),
}

/// The shortest password accepted (NIST SP 800-63B asks for at least 8; a screening system
/// deserves more).
pub const MIN_PASSWORD_CHARS: usize = 12;

/// What a user may do in the workbench.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Searches, claims alerts and decides them (under four eyes, proposes decisions).
    Analyst,
    /// What an analyst does, and approves or returns other users' proposed decisions.
    Reviewer,
    /// What a reviewer does; the role for operators.
    Admin,
}

impl Role {
    /// Parses `analyst`, `reviewer` or `admin`.
    pub fn parse(s: &str) -> Result<Role, UserError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "analyst" => Ok(Role::Analyst),
            "reviewer" => Ok(Role::Reviewer),
            "admin" => Ok(Role::Admin),
            _ => Err(UserError::BadRole(s.to_string())),
        }
    }

    /// The role's name as written in the file.
    pub fn name(self) -> &'static str {
        match self {
            Role::Analyst => "analyst",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    /// Whether this role may approve another user's decision under four eyes.
    pub fn may_approve(self) -> bool {
        self >= Role::Reviewer
    }
}

/// One user as the file keeps them.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    /// The login name (also who decisions are recorded as).
    pub name: String,
    /// What they may do.
    pub role: Role,
    /// The argon2id hash of their password, in the PHC string format.
    pub password_hash: String,
    /// When they were added (UTC, RFC 3339).
    pub added_at: String,
}

/// The file's shape: a version, so a later format can be told apart.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct UsersFileBody {
    format: u32,
    users: Vec<User>,
}

/// The users of one server, as read from their file.
#[derive(Debug, Clone)]
pub struct Users {
    path: PathBuf,
    users: Vec<User>,
}

/// The file name the users file has in a data directory.
pub const USERS_FILE: &str = "users.json";

impl Users {
    /// No users, kept in no file (adding one fails).
    pub fn empty() -> Users {
        Users {
            path: PathBuf::new(),
            users: Vec::new(),
        }
    }

    /// Reads the users file at `path`; a file that does not exist is no users.
    pub fn read(path: &Path) -> Result<Users, UserError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Users {
                    path: path.to_path_buf(),
                    users: Vec::new(),
                })
            }
            Err(e) => {
                return Err(UserError::Io {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                })
            }
        };
        let body: UsersFileBody = serde_json::from_str(&text).map_err(|e| UserError::Corrupt {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        if body.format != 1 {
            return Err(UserError::Corrupt {
                path: path.to_path_buf(),
                message: format!("format {} is newer than this interdict reads", body.format),
            });
        }
        for u in &body.users {
            check_name(&u.name).map_err(|e| UserError::Corrupt {
                path: path.to_path_buf(),
                message: e.to_string(),
            })?;
            PasswordHash::new(&u.password_hash).map_err(|e| UserError::Corrupt {
                path: path.to_path_buf(),
                message: format!("user {}: password hash: {e}", u.name),
            })?;
        }
        Ok(Users {
            path: path.to_path_buf(),
            users: body.users,
        })
    }

    /// Every user, in the order they were added.
    pub fn all(&self) -> &[User] {
        &self.users
    }

    /// Whether there are none (the workbench then serves one local user on loopback only).
    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }

    /// The user called `name`.
    pub fn get(&self, name: &str) -> Option<&User> {
        self.users.iter().find(|u| u.name == name)
    }

    /// Adds a user with `password` (hashed here) and writes the file.
    pub fn add(&mut self, name: &str, role: Role, password: &str) -> Result<&User, UserError> {
        check_name(name)?;
        let chars = password.chars().count();
        if chars < MIN_PASSWORD_CHARS {
            return Err(UserError::ShortPassword(chars));
        }
        if self.get(name).is_some() {
            return Err(UserError::Exists(name.to_string()));
        }
        let password_hash = hash_password(password).map_err(|message| UserError::Io {
            path: self.path.clone(),
            message,
        })?;
        self.users.push(User {
            name: name.to_string(),
            role,
            password_hash,
            added_at: crate::utc_now_rfc3339(),
        });
        self.write()?;
        Ok(&self.users[self.users.len() - 1])
    }

    /// Removes the user called `name` and writes the file.
    pub fn remove(&mut self, name: &str) -> Result<User, UserError> {
        let pos = self
            .users
            .iter()
            .position(|u| u.name == name)
            .ok_or_else(|| UserError::NoUser(name.to_string()))?;
        let user = self.users.remove(pos);
        self.write()?;
        Ok(user)
    }

    /// The user called `name` if `password` is theirs. Takes as long for a name that does
    /// not exist as for a wrong password (a dummy hash is checked), so that response times
    /// do not tell which names are users.
    pub fn verify(&self, name: &str, password: &str) -> Option<&User> {
        let user = self.get(name);
        let hash = user.map_or(dummy_hash(), |u| u.password_hash.as_str());
        let ok = PasswordHash::new(hash).is_ok_and(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        });
        user.filter(|_| ok)
    }

    /// Writes the file: under a temporary name, synced, then renamed over the old one;
    /// readable by its owner alone.
    fn write(&self) -> Result<(), UserError> {
        let io = |e: std::io::Error| UserError::Io {
            path: self.path.clone(),
            message: e.to_string(),
        };
        let body = UsersFileBody {
            format: 1,
            users: self.users.clone(),
        };
        let text = serde_json::to_string_pretty(&body).map_err(|e| UserError::Io {
            path: self.path.clone(),
            message: e.to_string(),
        })?;
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let tmp = self.path.with_extension("json.tmp");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&tmp).map_err(io)?;
        file.write_all(text.as_bytes()).map_err(io)?;
        file.write_all(b"\n").map_err(io)?;
        file.sync_all().map_err(io)?;
        drop(file);
        std::fs::rename(&tmp, &self.path).map_err(io)?;
        Ok(())
    }
}

fn check_name(name: &str) -> Result<(), UserError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'));
    if ok {
        Ok(())
    } else {
        Err(UserError::BadName(name.to_string()))
    }
}

/// An argon2id hash of `password` with a fresh random salt (OWASP's parameters: 19 MiB,
/// two passes, one lane — argon2's defaults).
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| format!("no random numbers for a salt: {e}"))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| e.to_string())?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// A hash no password is known for, checked for names that are not users.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let mut random = [0u8; 32];
        let _ = getrandom::fill(&mut random);
        hash_password(&format!("{random:?}")).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_verify_remove_round_trip_through_the_file() {
        let dir = std::env::temp_dir().join(format!("interdict-users-{}", std::process::id()));
        let path = dir.join(USERS_FILE);
        let _ = std::fs::remove_file(&path);
        let mut users = Users::read(&path).unwrap();
        assert!(users.is_empty());
        users
            .add("ana", Role::Analyst, "correct horse battery")
            .unwrap();
        assert!(matches!(
            users.add("ana", Role::Admin, "another long password"),
            Err(UserError::Exists(_))
        ));
        assert!(matches!(
            users.add("rev", Role::Reviewer, "short"),
            Err(UserError::ShortPassword(5))
        ));
        assert!(matches!(
            users.add("a b", Role::Reviewer, "long enough password"),
            Err(UserError::BadName(_))
        ));
        let again = Users::read(&path).unwrap();
        let ana = again.get("ana").unwrap();
        assert_eq!(ana.role, Role::Analyst);
        assert!(ana.password_hash.starts_with("$argon2id$"));
        assert!(!std::fs::read_to_string(&path)
            .unwrap()
            .contains("correct horse"));
        assert!(again.verify("ana", "correct horse battery").is_some());
        assert!(again.verify("ana", "correct horse batterY").is_none());
        assert!(again.verify("nobody", "correct horse battery").is_none());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "the users file is readable by others");
        }
        let mut again = again;
        again.remove("ana").unwrap();
        assert!(Users::read(&path).unwrap().is_empty());
        assert!(matches!(again.remove("ana"), Err(UserError::NoUser(_))));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_damaged_file_is_an_error_naming_it() {
        let dir = std::env::temp_dir().join(format!("interdict-users-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(USERS_FILE);
        std::fs::write(&path, "{\"format\": 1, \"users\": [{\"name\": \"x\"}]}").unwrap();
        let e = Users::read(&path).unwrap_err().to_string();
        assert!(
            e.contains(USERS_FILE) && e.contains("not a users file"),
            "{e}"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
