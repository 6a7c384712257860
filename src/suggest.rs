//! "Did you mean": the closest known name to a mistyped one.

/// The most similar candidate to `input`, if any is similar enough to be a plausible typo.
///
/// Similarity is Jaro-Winkler on lower-cased strings; the threshold (0.8) accepts a dropped,
/// added or swapped character in names of five or more characters and rejects unrelated names.
pub fn closest<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let needle = input.to_ascii_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&needle, &c.to_ascii_lowercase());
        if score >= THRESHOLD && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

const THRESHOLD: f64 = 0.8;

/// `did you mean `x`?` for a hint, when there is a close candidate.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    closest(input, candidates).map(|c| format!("did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let names = ["p3.2xlarge", "p3.8xlarge", "g5.xlarge", "us-east-1"];
        let cases = [
            ("p3.2xlarg", Some("p3.2xlarge")),
            ("P3.2XLARGE", Some("p3.2xlarge")),
            ("g5.xlarg", Some("g5.xlarge")),
            ("p3.2xl", Some("p3.2xlarge")),
            ("us-east1", Some("us-east-1")),
            ("banana", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(closest(input, names), want, "input {input:?}");
        }
    }
}
