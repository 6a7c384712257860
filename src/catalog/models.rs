//! `[[model]]` entries: model architectures, with the parameters computed from the shape where
//! the catalog does not state them. A user catalog inherits the built-in models it does not
//! define itself (as it inherits rules and coefficients).

use std::collections::BTreeMap;

use super::ctx::{check_date, is_builtin, Ctx};
use super::model::Catalog;
use super::raw::{RawFile, RawModel, RawModelKind};
use super::types::{ModelKind, ModelShape};
use crate::codes::Code;
use crate::diag::Location;

/// Every model: the catalog's own first, then (when `inherit`) the built-in ones it does not
/// redefine.
pub(super) fn build(cx: &mut Ctx, raws: &[(usize, RawFile)], inherit: bool) -> Vec<ModelShape> {
    let user_catalog = raws.iter().any(|(f, _)| !is_builtin(cx, *f));
    let mut models = Vec::new();
    let mut ids: BTreeMap<&str, Location> = BTreeMap::new();
    for pass_builtin in [false, true] {
        let mut seen: BTreeMap<&str, Location> = BTreeMap::new();
        for (f, raw) in raws {
            let builtin = is_builtin(cx, *f);
            if builtin != pass_builtin || (builtin && user_catalog && !inherit) {
                continue;
            }
            for m in &raw.model {
                if builtin && user_catalog && ids.contains_key(m.id.get_ref().as_str()) {
                    continue; // redefined by the user's catalog
                }
                if cx.unique(&mut seen, *f, &m.id, "model") {
                    if let Some(shape) = model(cx, *f, m) {
                        models.push(shape);
                    }
                }
            }
        }
        ids.extend(seen);
    }
    models
}

fn model(cx: &mut Ctx, f: usize, m: &RawModel) -> Option<ModelShape> {
    check_date(cx, f, &m.as_of, "model as-of");
    let mut positive = |v: &toml::Spanned<u32>, what: &str| {
        if *v.get_ref() == 0 {
            cx.error(
                f,
                v.span(),
                Code::NonPositiveValue,
                format!("model `{}`: {what} must be positive", m.id.get_ref()),
            );
        }
        f64::from(*v.get_ref())
    };
    let layers = positive(&m.layers, "layers");
    let hidden = positive(&m.hidden, "hidden");
    let heads = positive(&m.heads, "heads");
    let kv_heads = positive(&m.kv_heads, "kv-heads");
    let ffn = positive(&m.ffn, "ffn");
    let vocab = positive(&m.vocab, "vocab");
    let context = positive(&m.context, "context");
    let head_dim = m
        .head_dim
        .as_ref()
        .map_or(hidden / heads.max(1.0), |d| positive(d, "head-dim"));
    let experts = match (&m.experts, &m.experts_per_token) {
        (Some(e), Some(k)) if *k.get_ref() >= 1 && k.get_ref() <= e.get_ref() => {
            Some((*e.get_ref(), *k.get_ref()))
        }
        (None, None) => None,
        (Some(e), _) | (_, Some(e)) => {
            cx.error(
                f,
                e.span(),
                Code::InvalidValue,
                format!(
                    "model `{}`: a mixture of experts needs both `experts` and \
                     `experts-per-token` (1 to experts)",
                    m.id.get_ref()
                ),
            );
            None
        }
    };
    let shape = Shape {
        layers,
        hidden,
        heads,
        kv_heads,
        head_dim,
        ffn,
        vocab,
        tied: m.tied_embeddings,
        norms: m
            .norms_per_layer
            .as_ref()
            .map_or(2.0, |n| f64::from(*n.get_ref())),
    };
    let (params, active_params) = match (&m.params, m.kind) {
        (Some(p), _) => {
            let p = cx.positive(f, p, "model params");
            (p, p)
        }
        (None, RawModelKind::Decoder) => (
            shape.params(experts.map_or(1, |e| e.0)),
            shape.params(experts.map_or(1, |e| e.1)),
        ),
        (None, RawModelKind::Encoder) => {
            cx.error(
                f,
                m.id.span(),
                Code::InvalidValue,
                format!(
                    "model `{}`: an encoder needs `params` (the computed count assumes a \
                     gated decoder)",
                    m.id.get_ref()
                ),
            );
            return None;
        }
    };
    Some(ModelShape {
        id: m.id.get_ref().clone(),
        name: m.name.clone(),
        kind: match m.kind {
            RawModelKind::Decoder => ModelKind::Decoder,
            RawModelKind::Encoder => ModelKind::Encoder,
        },
        basis: "catalog".into(),
        params,
        active_params,
        layers,
        hidden,
        heads,
        kv_heads,
        head_dim,
        embedding_params: match m.kind {
            RawModelKind::Decoder => shape.embeddings(),
            RawModelKind::Encoder => 0.0,
        },
        context: Some(context as u64),
        fp16: m.fp16.unwrap_or(true),
        experts,
        source: m.source.clone(),
        as_of: m.as_of.get_ref().clone(),
        note: m.note.clone(),
    })
}

/// A gated (SwiGLU/GeGLU) decoder's shape, for its parameter count.
struct Shape {
    layers: f64,
    hidden: f64,
    heads: f64,
    kv_heads: f64,
    head_dim: f64,
    ffn: f64,
    vocab: f64,
    tied: bool,
    norms: f64,
}

impl Shape {
    /// Parameters with `experts` feed-forward blocks per layer (1 for a dense model; with
    /// more, their router too): embeddings (and an untied output head), per layer the query,
    /// key, value and output projections, three feed-forward matrices per expert and its norms
    /// (two, or four with Gemma 2's post-norms), and the final norm. Biases are not counted.
    fn params(&self, experts: u32) -> f64 {
        let q = self.heads * self.head_dim;
        let kv = self.kv_heads * self.head_dim;
        let attention = self.hidden * q + 2.0 * self.hidden * kv + q * self.hidden;
        let e = f64::from(experts.max(1));
        let router = if experts > 1 { self.hidden * e } else { 0.0 };
        let ffn = 3.0 * self.hidden * self.ffn * e + router;
        self.embeddings() + self.layers * (attention + ffn + self.norms * self.hidden) + self.hidden
    }

    /// The embedding matrix and the output head (one matrix when tied).
    fn embeddings(&self) -> f64 {
        self.vocab * self.hidden * if self.tied { 1.0 } else { 2.0 }
    }
}

impl Catalog {
    /// The shape assumed for a decoder given only by its size: layers from P = 12 × layers ×
    /// hidden² at hidden = `model-aspect-ratio` × layers, `default-head-dim` per head, and
    /// grouped-query attention with `default-kv-heads` key/value heads (fewer when the model has
    /// fewer heads).
    pub fn default_model(&self, params: f64) -> ModelShape {
        let v = |id: &str| {
            self.coefficient(id)
                .map(|c| c.value)
                .expect("validation requires every coefficient in REQUIRED_COEFFICIENTS")
        };
        let (aspect, head_dim, kv) = (
            v("model-aspect-ratio"),
            v("default-head-dim"),
            v("default-kv-heads"),
        );
        let layers = (params / (12.0 * aspect * aspect)).cbrt().round().max(1.0);
        let hidden = aspect * layers;
        let heads = (hidden / head_dim).round().max(1.0);
        ModelShape {
            id: "default".into(),
            name: format!(
                "a {}-parameter decoder",
                crate::units::format_count(params as u64)
            ),
            kind: ModelKind::Decoder,
            basis: "default".into(),
            params,
            active_params: params,
            layers,
            hidden,
            heads,
            kv_heads: kv.min(heads),
            head_dim,
            embedding_params: 0.0,
            context: None,
            fp16: true,
            experts: None,
            source: "model-aspect-ratio, default-head-dim, default-kv-heads".into(),
            as_of: String::new(),
            note: Some(
                "assumed from the size: a model without grouped-query attention (Llama 2 7B and \
                 13B, Phi-3 mini) has several times this KV cache; name it with --model"
                    .into(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parameter count from the shape matches the published totals: Llama 3.1 8B
    /// (8,030,261,248) and 70B (70,553,706,496), and Mixtral 8x7B (46.7B in all, 12.9B per
    /// token).
    #[test]
    fn params_from_the_shape_match_the_published_counts() {
        let llama = |layers, hidden, heads, ffn| Shape {
            layers,
            hidden,
            heads,
            kv_heads: 8.0,
            head_dim: 128.0,
            ffn,
            vocab: 128_256.0,
            tied: false,
            norms: 2.0,
        };
        assert_eq!(
            llama(32.0, 4096.0, 32.0, 14_336.0).params(1),
            8_030_261_248.0
        );
        assert_eq!(
            llama(80.0, 8192.0, 64.0, 28_672.0).params(1),
            70_553_706_496.0
        );
        let mixtral = Shape {
            vocab: 32_000.0,
            ..llama(32.0, 4096.0, 32.0, 14_336.0)
        };
        assert!((mixtral.params(8) / 1e9 - 46.70).abs() < 0.01);
        assert!((mixtral.params(2) / 1e9 - 12.88).abs() < 0.01);
    }

    /// Gemma 2's non-embedding counts, exactly as its report gives them (Gemma Team,
    /// arXiv:2408.00118, Table 2: 2,024,517,888 / 8,324,201,984 / 26,047,480,320), with four
    /// norms per layer; its embedding count is one vocab × hidden matrix, so the head is tied.
    #[test]
    fn gemma_2_counts_match_its_report() {
        let gemma = |layers, hidden, heads, kv_heads, head_dim, ffn| Shape {
            layers,
            hidden,
            heads,
            kv_heads,
            head_dim,
            ffn,
            vocab: 0.0,
            tied: true,
            norms: 4.0,
        };
        let cases = [
            (
                gemma(26.0, 2304.0, 8.0, 4.0, 256.0, 9216.0),
                2_024_517_888.0,
            ),
            (
                gemma(42.0, 3584.0, 16.0, 8.0, 256.0, 14_336.0),
                8_324_201_984.0,
            ),
            (
                gemma(46.0, 4608.0, 32.0, 16.0, 128.0, 36_864.0),
                26_047_480_320.0,
            ),
        ];
        for (shape, published) in cases {
            assert_eq!(shape.params(1), published);
        }
    }
}
