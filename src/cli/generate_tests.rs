//! `generate.rs`'s unit tests, in a file of their own: they parse whole
//! command lines through `args.rs`, which names every command.

use super::super::Command;
use super::super::args::tests::parse;
use super::*;

#[test]
fn region_and_seed_one_unless_told() {
    let Ok(Some(Command::Gen(args))) = parse(&["gen", "-o", "x.db"]).map(|c| c.command) else {
        panic!("not gen");
    };
    assert_eq!(
        (args.scale, args.seed, args.force),
        (Scale::Region, 1, false)
    );
    let Ok(Some(Command::Gen(args))) =
        parse(&["gen", "--scale", "small", "--seed", "7", "-o", "x.db"]).map(|c| c.command)
    else {
        panic!("not gen");
    };
    assert_eq!((args.scale, args.seed), (Scale::Small, 7));
    assert!(parse(&["gen"]).is_err(), "an output is required");
}

#[test]
fn a_scale_is_named_or_refused_in_a_sentence() {
    assert_eq!(parse_scale("National"), Ok(Scale::National));
    assert_eq!(
        parse_scale("huge").unwrap_err(),
        "unknown scale 'huge'; choose small, region or national"
    );
}

#[test]
fn says_what_it_wrote_and_what_it_left() {
    let options = GenOptions {
        scale: Scale::Small,
        seed: 3,
    };
    assert_eq!(
        wrote(&options, Path::new("s.db"), "10 rows"),
        "wrote s.db (scale small, seed 3): 10 rows"
    );
    assert_eq!(unchanged(Path::new("s.db"), true), "; s.db is unchanged");
    assert_eq!(unchanged(Path::new("s.db"), false), "");
}
