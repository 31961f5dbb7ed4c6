use boussole::diag::*;
use boussole::yaml::*;
fn walk(n: &Node, src: &SourceFile, d: usize) {
    let t = &src.text[n.span.start as usize..n.span.end as usize];
    println!(
        "{:w$}{} {:?} {}..{} {:?}",
        "",
        n.kind_name(),
        n.as_scalar().map(|s| (&s.value, s.style)),
        n.span.start,
        n.span.end,
        t,
        w = d * 2
    );
    match &n.kind {
        NodeKind::Map(it) => {
            for (k, v) in it {
                walk(k, src, d + 1);
                walk(v, src, d + 1);
            }
        }
        NodeKind::Seq(it) => {
            for v in it {
                walk(v, src, d + 1)
            }
        }
        _ => {}
    }
}
fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let src = SourceFile::new("x".into(), text);
    let root = parse(FileId(0), &src).unwrap().unwrap();
    walk(&root, &src, 0);
}
