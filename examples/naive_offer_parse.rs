//! For docs/performance.md: the naive way to read an offer file, the whole document in memory
//! as a `serde_json::Value`, to compare with `advisor catalog import`'s streaming reader.
//!
//!     cargo run --release --example naive_offer_parse -- OFFER.json

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: naive_offer_parse OFFER.json")?;
    let t = std::time::Instant::now();
    let text = std::fs::read_to_string(&path)?;
    let doc: serde_json::Value = serde_json::from_str(&text)?;
    let products = doc["products"].as_object().map_or(0, |p| p.len());
    eprintln!("{products} products parsed in {:?}", t.elapsed());
    Ok(())
}
