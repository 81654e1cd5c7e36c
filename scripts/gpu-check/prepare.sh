#!/usr/bin/env bash
# Packs what the GPU check (scripts/gpu-check/run.sh) needs into .gpu/ (git-ignored), for a machine
# that has an NVIDIA GPU and a Python PyTorch with CUDA but no Java, Maven or network:
#   a minimal Java runtime (jlink, xz), the runtime and test jars, and the sources of DJL's PyTorch JNI
#   (built there against that machine's libtorch, since DJL ships its JNI only for PyTorch 2.5.1).
# usage: scripts/gpu-check/prepare.sh DJL_CHECKOUT    (a clone of deepjavalibrary/djl; tag v0.33.0 is used)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
djl="${1:?usage: prepare.sh DJL_CHECKOUT (git clone of deepjavalibrary/djl)}"
out="$here/.gpu"
cd "$here"
mvn -q -B package -DskipTests
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/gpu-check-classpath.txt
rm -rf "$out" && mkdir -p "$out/lib" "$out/app" "$out/native/include/djl" "$out/native/jni"

# jars: runtime and test scope, without the CPU natives (the GPU machine's libtorch replaces them) and
# without DJL's prebuilt JNI; JUnit's console launcher runs the tests
tr ':' '\n' < target/gpu-check-classpath.txt | grep -v -e pytorch-native -e pytorch-jni -e groovy -e junit -e opentest -e apiguardian \
  | xargs -I{} cp {} "$out/lib/"
launcher=org/junit/platform/junit-platform-console-standalone/1.13.4/junit-platform-console-standalone-1.13.4.jar
[ -f ~/.m2/repository/$launcher ] || mvn -q -B dependency:get -Dartifact=org.junit.platform:junit-platform-console-standalone:1.13.4
cp ~/.m2/repository/$launcher "$out/lib/"
(cd target/classes && jar cf "$out/app/samtune.jar" .)
(cd target/test-classes && find . -name '*.class' > ../gpu-check-test-classes.txt && jar cf "$out/app/tests.jar" @../gpu-check-test-classes.txt)

# Java runtime: uncompressed modules compress far better with xz (17 MB) than jlink's own zip
jdk="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
rm -rf target/jre-gpu
"$jdk/bin/jlink" --add-modules java.base,java.desktop,java.logging,java.management,java.naming,java.scripting,java.sql,java.xml,jdk.unsupported,java.prefs,jdk.zipfs,java.compiler \
  --strip-debug --no-header-files --no-man-pages --compress=0 --output target/jre-gpu
tar cJf "$out/jre.txz" -C target jre-gpu

# DJL 0.33.0's JNI: its C++ sources, the JNI header generated from its Java declarations, jni.h
tmp="$(mktemp -d)"
git -C "$djl" archive v0.33.0 engines/pytorch/pytorch-native/src/main/native api/src/main/native/djl \
  engines/pytorch/pytorch-engine/src/main/java | tar x -C "$tmp"
cp "$tmp"/engines/pytorch/pytorch-native/src/main/native/* "$out/native/"
cp "$tmp"/api/src/main/native/djl/utils.h "$out/native/include/djl/"
javac -nowarn -cp "$(cat target/gpu-check-classpath.txt)" -sourcepath "$tmp/engines/pytorch/pytorch-engine/src/main/java" \
  -h "$out/native/include" -d "$tmp/classes" "$tmp/engines/pytorch/pytorch-engine/src/main/java/ai/djl/pytorch/jni/PyTorchLibrary.java"
cp "$jdk/include/jni.h" "$jdk/include/linux/jni_md.h" "$out/native/jni/"
rm -rf "$tmp"
cp scripts/gpu-check/run.sh "$out/run.sh"
du -sh "$out"
