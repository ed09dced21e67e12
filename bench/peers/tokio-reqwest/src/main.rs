// The benchmark's tokio + reqwest peer: COUNT downloads of URL?id=N, JOBS at a time, each streamed into a
// hidden temp file in OUTDIR and renamed to N.png. Written as a Rust user would by default.
// usage: tokio-reqwest-peer URL COUNT OUTDIR JOBS
use futures::{stream, StreamExt, TryStreamExt};
use tokio::io::AsyncWriteExt;

type Error = Box<dyn std::error::Error + Send + Sync>;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let a: Vec<String> = std::env::args().collect();
    let [_, url, count, out, jobs] = &a[..] else {
        return Err("usage: tokio-reqwest-peer URL COUNT OUTDIR JOBS".into());
    };
    let (count, jobs) = (count.parse::<usize>()?, jobs.parse::<usize>()?);
    tokio::fs::create_dir_all(out).await?;
    let client = reqwest::Client::builder().timeout(std::time::Duration::from_secs(15)).build()?;
    stream::iter(0..count)
        .map(|i| {
            let (client, url, out) = (client.clone(), url.clone(), out.clone());
            async move {
                let sep = if url.contains('?') { '&' } else { '?' };
                let mut resp = client.get(format!("{url}{sep}id={i}")).send().await?.error_for_status()?;
                let tmp = format!("{out}/.{i}.part");
                let mut f = tokio::fs::File::create(&tmp).await?;
                while let Some(chunk) = resp.chunk().await? {
                    f.write_all(&chunk).await?;
                }
                f.flush().await?;
                tokio::fs::rename(&tmp, format!("{out}/{i}.png")).await?;
                Ok::<_, Error>(())
            }
        })
        .buffer_unordered(jobs)
        .try_collect::<Vec<_>>()
        .await?;
    Ok(())
}
