fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(3).cloned();
    let r = match dir {
        Some(d) => hojokin::engine::catalog::from_dir(std::path::Path::new(&d)),
        None => hojokin::engine::catalog::embedded(),
    };
    match r {
        Ok(c) => println!("ok: {} programs, {} frames", c.programs.len(), c.frame_count()),
        Err(es) => {
            for e in es {
                println!("{e}");
            }
            std::process::exit(1)
        }
    }
}
