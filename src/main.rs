fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(3).cloned();
    let r = match dir {
        Some(d) => hojokin::engine::catalog::load_dir(std::path::Path::new(&d)),
        None => hojokin::engine::catalog::load_embedded(),
    };
    match r {
        Ok(c) => println!("ok: {} programs", c.programs.len()),
        Err(es) => {
            for e in es {
                println!("{e}");
            }
            std::process::exit(1)
        }
    }
}
