#!/usr/bin/env bash
# The GPU check: runs SAM Tune's unit tests, the demo and the inference benchmarks on an NVIDIA GPU of a
# machine that has a Python PyTorch with CUDA (no Java, Maven or network needed), from the .gpu/ folder
# that scripts/gpu-check/prepare.sh packed. On such a machine DJL's default device is the GPU, so every
# test that makes tensors without naming a device runs there; the parity tests then compare GPU results
# with the fixtures of the original PyTorch code (tolerance 1e-4).
#
# DJL 0.33.0 ships its JNI for PyTorch 2.5.1 only, so it is compiled here against the local libtorch
# (its C++ API is what the JNI uses; ~20 s on 16 cores) and put beside that libtorch, where DJL looks first.
#
# usage (from the repository root): .gpu/run.sh [all|tests|demo|bench]
#   environment: OUT (results folder, default /tmp/gpu-check), TEST_TIMEOUT, DEMO_TIMEOUT, BENCH_TIMEOUT
#   (seconds), BENCH_ARGS (extra bench options), SELECT (JUnit selectors instead of every test class),
#   LOCAL=1 (a dry run on this machine's CPU libtorch from DJL's cache, to check the packing)
set -u
root=$(pwd); gpu=$root/.gpu; out=${OUT:-/tmp/gpu-check}; mkdir -p "$out"
what=${1:-all}

if [ -z "${LOCAL:-}" ]; then
  nvidia-smi -L 2>&1 | tee "$out/machine.txt"
  torch_dir=$(python3 -c 'import torch, os; print(os.path.dirname(torch.__file__))')
  python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda)' | tee -a "$out/machine.txt"
  mkdir -p /tmp/gpu-check-jre && tar xJf "$gpu/jre.txz" -C /tmp/gpu-check-jre
  java=/tmp/gpu-check-jre/jre-gpu/bin/java
  libdir=$torch_dir/lib
  if [ ! -f "$libdir/0.33.0-libdjl_torch.so" ]; then
    cuda_include=/usr/local/cuda/include
    [ -d $cuda_include ] || cuda_include=$(dirname "$(dirname "$(command -v nvcc)")")/include
    # the C++ standard and ABI this libtorch was built with
    std=$(grep -o "std=c++[0-9]*" "$torch_dir/utils/cpp_extension.py" | sort | uniq -c | sort -rn | head -1 | awk '{print $2}')
    abi=$(python3 -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')
    flags="-O1 -fPIC -${std:-std=c++17} -D_GLIBCXX_USE_CXX11_ABI=$abi -DUSE_CUDA -I$gpu/native/include -I$gpu/native/jni"
    flags="$flags -I$torch_dir/include -I$torch_dir/include/torch/csrc/api/include -I$cuda_include"
    mkdir -p /tmp/gpu-check-obj
    ls "$gpu"/native/*.cc | xargs -P "$(nproc)" -I{} sh -c \
      "g++ -c $flags {} -o /tmp/gpu-check-obj/\$(basename {}).o > /tmp/gpu-check-obj/\$(basename {}).log 2>&1 \
       || (echo FAILED {}; grep -m 12 error /tmp/gpu-check-obj/\$(basename {}).log)" 2>&1 | tee "$out/build.txt"
    g++ -shared -o "$libdir/0.33.0-libdjl_torch.so" /tmp/gpu-check-obj/*.o -L"$libdir" \
      -ltorch -ltorch_cpu -lc10 -ltorch_cuda -lc10_cuda -Wl,-rpath,'$ORIGIN' 2>&1 | tee -a "$out/build.txt"
    [ -f "$libdir/0.33.0-libdjl_torch.so" ] || { echo "the JNI did not build: see $out/build.txt"; exit 3; }
  fi
  export PYTORCH_LIBRARY_PATH=$libdir PYTORCH_FLAVOR=cu PYTORCH_VERSION=2.5.1
  export PYTORCH_LIBRARY_EXCLUSION=libtorch_python.so,libshm.so
  # DJL counts GPUs through libcudart (JNA), which pip's PyTorch keeps in its nvidia/ packages
  cudart_dirs=$(find "$(dirname "$torch_dir")/nvidia" /usr/local/cuda/lib64 -name 'libcudart.so*' 2>/dev/null \
    | xargs -r -n1 dirname | sort -u | tr '\n' ':')
  export LD_LIBRARY_PATH=$cudart_dirs${LD_LIBRARY_PATH:-}
else
  java=${JAVA:-java}
  PYTORCH_LIBRARY_PATH=$(ls -d ~/.djl.ai/pytorch/2.5.1-*-cpu-linux-x86_64 | head -1)
  export PYTORCH_LIBRARY_PATH
fi
export OPT_OUT_TRACKING=true DJL_OFFLINE=true
cp="$gpu/app/samtune.jar:$gpu/app/tests.jar:$root/src/test/resources:$(ls "$gpu"/lib/*.jar | grep -v console-standalone | tr '\n' ':')"
launcher=$(ls "$gpu"/lib/junit-platform-console-standalone-*.jar)
jopts="-Xmx8g -Djava.awt.headless=true -Dai.djl.offline=true -Dai.djl.pytorch.num_interop_threads=1 -Dsamtune.home=$root"

if [ "$what" = all ] || [ "$what" = tests ]; then
  # the launcher on the class path (not -cp of the launcher): tests that start a JVM reuse java.class.path
  # shellcheck disable=SC2086
  timeout "${TEST_TIMEOUT:-300}" "$java" $jopts -cp "$cp:$launcher" org.junit.platform.console.ConsoleLauncher execute \
    ${SELECT:---scan-classpath $gpu/app/tests.jar} --exclude-classname '.*GradientsUnderGarbageCollectionTest' \
    --details=summary --disable-banner --reports-dir="$out/reports" > "$out/tests.txt" 2>&1
  echo "tests: exit $?"; grep -E "tests (successful|failed|aborted)" "$out/tests.txt"
  grep -E "^\s+JUnit Jupiter:|^\s+=> " "$out/tests.txt" | head -40
  (cd "$out" && tar czf reports.tgz reports && rm -rf reports)
fi
if [ "$what" = all ] || [ "$what" = demo ]; then
  # shellcheck disable=SC2086
  ( time timeout "${DEMO_TIMEOUT:-300}" "$java" $jopts -cp "$cp" org.samtune.cli.SamTune demo --device gpu --out /tmp/gpu-check-demo ) \
    > "$out/demo.txt" 2>&1
  echo "demo: exit $?"; tr '\r' '\n' < "$out/demo.txt" | grep -v -e INFO -e ' it [0-9]*/' | grep . | tail -12
  cp /tmp/gpu-check-demo/metrics.csv "$out/demo-metrics.csv" 2>/dev/null
fi
if [ "$what" = all ] || [ "$what" = bench ]; then
  for arch in vit_b vit_t; do
    # shellcheck disable=SC2086
    timeout "${BENCH_TIMEOUT:-300}" "$java" $jopts -cp "$cp" org.samtune.cli.SamTune bench --arch $arch ${BENCH_ARGS:-} 2>&1 \
      | grep -v INFO > "$out/bench-$arch.txt"
    cat "$out/bench-$arch.txt"
  done
fi
