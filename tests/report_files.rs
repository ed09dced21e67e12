//! The report files (`--trace`, `--html`) are handled like the pictures: a path that cannot take a file is a
//! usage error before the first request (exit 2), and a file that cannot be written (a full disk) is one
//! line and exit 1, with the older file of that name intact and no temp file left beside it.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{catfetch, jpeg, Answer, Origin, Route};

/// A tmpfs mounted for one test, unmounted when dropped; `None` where this process may not mount one (not
/// root, no CAP_SYS_ADMIN), which the test then says.
struct Tmpfs {
    _dir: tempfile::TempDir,
    path: PathBuf,
}

impl Tmpfs {
    fn mount(options: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fs");
        std::fs::create_dir(&path).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "catfetch-test"])
            .arg(&path)
            .output()
            .map_err(|e| e.to_string())
            .and_then(|out| {
                out.status.success().then_some(()).ok_or_else(|| String::from_utf8_lossy(&out.stderr).into())
            });
        match mounted {
            Ok(()) => Some(Tmpfs { _dir: dir, path }),
            Err(why) => {
                eprintln!("skipped: cannot mount a tmpfs here ({})", why.trim());
                None
            }
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}

fn origin() -> Origin {
    Origin::start(vec![Route::always("/cat", Answer::image("image/jpeg", jpeg(5_000)))])
}

#[test]
fn a_report_file_where_none_can_be_made_is_refused_before_the_first_request() {
    let scratch = tempfile::tempdir().unwrap();
    let missing_dir = scratch.path().join("no/such/dir/trace.json");
    let a_dir = scratch.path().to_owned();
    // The kernel's own file systems take no new files, whoever asks.
    let refusing = PathBuf::from("/proc/catfetch-trace.json");
    for option in ["--trace", "--html"] {
        for path in [&missing_dir, &a_dir, &refusing] {
            let origin = origin();
            let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "2", option]).arg(path).run();
            run.assert_code(2);
            let line = format!("catfetch: {option} {}: cannot write there", path.display());
            assert!(run.stderr.starts_with(&line), "{option} {path:?}: {run}");
            assert_eq!(run.stderr.lines().count(), 1, "{run}");
            assert_eq!(origin.hits("/cat"), 0, "{option} {path:?}: nothing may be requested: {run}");
        }
    }
}

#[test]
fn a_read_only_file_system_is_refused_before_the_first_request() {
    let Some(fs) = Tmpfs::mount("size=64k,ro") else { return };
    for option in ["--trace", "--html"] {
        let origin = origin();
        let path = fs.path.join("report");
        let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "1", option]).arg(&path).run();
        run.assert_code(2);
        assert!(run.stderr.contains("Read-only file system"), "{option}: {run}");
        assert_eq!(origin.hits("/cat"), 0, "{run}");
    }
}

#[test]
fn a_report_file_on_a_full_disk_is_one_line_and_exit_1_and_the_older_file_stays() {
    let Some(fs) = Tmpfs::mount("size=256k") else { return };
    for (option, name) in [("--trace", "trace.json"), ("--html", "run.html")] {
        let older = fs.path.join(name);
        std::fs::write(&older, b"the older report").unwrap();
        // Fill the rest: the report finds no room when it is written, after the downloads.
        let filler = fs.path.join("filler");
        let _ = std::fs::write(&filler, vec![0u8; 512 * 1024]);
        let origin = origin();
        let run = catfetch().args(["--url", &origin.url("/cat"), "-n", "3", option]).arg(&older).run();
        run.assert_code(1);
        let line = format!("catfetch: {option} {}: cannot write: No space left on device", older.display());
        assert!(run.stderr.contains(&line), "{option}: {run}");
        assert_eq!(run.files("cats"), ["0.jpg", "1.jpg", "2.jpg"], "the cats themselves are saved");
        assert_eq!(std::fs::read(&older).unwrap(), b"the older report", "{option}: the older file changed");
        assert_eq!(names(&fs.path), [name.to_owned(), "filler".to_owned()], "{option}: a temp file stayed");
        std::fs::remove_file(&filler).unwrap();
        std::fs::remove_file(&older).unwrap();
    }
}

/// The names in `dir`, sorted the other way round (the report file first, then `filler`).
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    names.sort();
    names.reverse();
    names
}
