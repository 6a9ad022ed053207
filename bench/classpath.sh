# Sourced by the bench scripts: compiles snapmask and the bench programs, and sets CP to what the
# production jar runs with (snapmask's classes and its runtime dependencies, no test jars) plus the
# compiled bench programs. The programs are compiled here, not run as source files: a source-file
# launch runs javac inside the measured JVM, and its JIT work would be timed as snapmask's.
(cd "$ROOT" && mvn -q -B compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp -DincludeScope=runtime >&2)
CP="$ROOT/target/classes:$(cat "$ROOT/target/bench.cp")"
rm -rf "$ROOT/target/bench-classes"
javac -nowarn -d "$ROOT/target/bench-classes" -cp "$CP" "$ROOT"/bench/*.java >&2
CP="$ROOT/target/bench-classes:$CP"
