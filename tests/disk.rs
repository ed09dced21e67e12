//! Disk trouble: a directory we cannot write to, or a write that fails half-way (a full disk, a file-size
//! limit). Each gives a clear error, leaves no partial file, and never costs an earlier file.

use crate::support::{assert_same_pictures, catfetch, catfetch_after, jpeg, Answer, Origin, Route};

#[test]
fn a_write_that_fails_half_way_leaves_no_partial_file_and_earlier_files_intact() {
    // RLIMIT_FSIZE of 50 blocks: the 10 KB cat fits, the 100 KB one fails mid-write with EFBIG, exactly
    // like a disk filling up (SIGXFSZ is ignored, so the write returns an error instead of killing us).
    // With async-fs the failing write is made on the blocking pool, and its error must still reach the cat.
    for writes in ["async-fs", "inline"] {
        let origin = Origin::start(vec![Route::new(
            "/cat",
            vec![Answer::image("image/jpeg", jpeg(10_000)), Answer::image("image/jpeg", jpeg(100_000))],
        )]);
        let cmd = catfetch_after("trap '' XFSZ; ulimit -f 50");
        let cats = cmd.dir().join("cats");
        std::fs::create_dir(&cats).unwrap();
        for name in ["0.jpg", "1.jpg"] {
            std::fs::write(cats.join(name), b"an earlier cat").unwrap();
        }
        let run = cmd
            .args(["--url", &origin.url("/cat"), "-n", "2", "-j", "1", "--keep-going", "--writes", writes])
            .run();
        run.assert_code(1);
        assert!(run.stderr.contains("File too large"), "{writes}: {run}");
        assert_eq!(run.files("cats"), ["0.jpg", "1.jpg"], "{writes}: no temp file may stay");
        let mut contents = [run.read("cats/0.jpg"), run.read("cats/1.jpg")];
        contents.sort();
        let mut expected = [jpeg(10_000), b"an earlier cat".to_vec()];
        expected.sort();
        assert_eq!(
            contents, expected,
            "{writes}: the saved cat is whole and the failed one's old file is untouched"
        );
    }
}

#[test]
fn an_output_directory_that_cannot_be_created_is_a_usage_error() {
    let run = catfetch().args(["--url", "http://127.0.0.1:9/cat", "-o", "/proc/catfetch-cats"]).run();
    run.assert_code(2);
    assert!(run.stderr.contains("--out /proc/catfetch-cats: cannot create the directory"), "{run}");
}

#[test]
fn an_output_directory_we_cannot_write_in_is_a_usage_error() {
    // /proc exists and is a directory, but nobody (not even root, as in CI) can create a file there.
    let run = catfetch().args(["--url", "http://127.0.0.1:9/cat", "-o", "/proc"]).run();
    run.assert_code(2);
    assert!(run.stderr.contains("--out /proc: cannot write there"), "{run}");
}

#[test]
fn with_fsync_each_picture_is_saved_whole_and_replaces_an_earlier_file() {
    // --fsync flushes each file, then the directory, around the rename; what lands must be the same,
    // whoever wrote the bytes.
    let pictures = [jpeg(10_000), jpeg(70_000), jpeg(130_000)];
    for writes in ["async-fs", "inline"] {
        let answers = pictures.iter().map(|p| Answer::image("image/jpeg", p.clone())).collect();
        let origin = Origin::start(vec![Route::new("/cat", answers)]);
        let cmd = catfetch();
        let cats = cmd.dir().join("cats");
        std::fs::create_dir(&cats).unwrap();
        std::fs::write(cats.join("1.jpg"), b"an earlier cat").unwrap();
        let run = cmd
            .args(["--url", &origin.url("/cat"), "-n", "3", "-j", "1", "--fsync", "--writes", writes])
            .run();
        run.assert_code(0);
        assert_eq!(run.files("cats"), ["0.jpg", "1.jpg", "2.jpg"], "{writes}: no temp file may stay");
        // The earlier 1.jpg must have been replaced by one of the pictures sent.
        let saved = (0..3).map(|i| run.read(&format!("cats/{i}.jpg"))).collect();
        assert_same_pictures(saved, &pictures, &format!("--fsync --writes {writes}"));
    }
}
