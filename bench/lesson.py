"""The lesson's aiohttp + aiofiles cat downloader, the seed catfetch grew from, with URL, count and out
dir from argv. A peer for bench/peers.py, not part of catfetch.

usage: python3 bench/lesson.py [URL [COUNT [OUTDIR]]]"""
import asyncio, sys
from pathlib import Path
import aiohttp, aiofiles

URL = sys.argv[1] if len(sys.argv) > 1 else 'https://cataas.com/cat'
CATS_WE_WANT = int(sys.argv[2]) if len(sys.argv) > 2 else 10
OUT_PATH = Path(sys.argv[3] if len(sys.argv) > 3 else 'cats').absolute()

async def write_to_disk(content: bytes, id: int):
    async with aiofiles.open(f"{OUT_PATH}/{id}.png", mode='wb') as f:
        await f.write(content)

async def get_cat(client: aiohttp.ClientSession, id: int):
    async with client.get(URL) as response:
        result = await response.read()
        await write_to_disk(result, id)

async def get_all_cats():
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(15)) as client:
        return await asyncio.gather(*[get_cat(client, i) for i in range(CATS_WE_WANT)])

OUT_PATH.mkdir(parents=True, exist_ok=True)
asyncio.run(get_all_cats())
