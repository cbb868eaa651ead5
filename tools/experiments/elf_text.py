"""`.text` bytes of an ELF object or linked file (`.text` and `.text.*`), as the Swift side's
ELFSections counts them; shared by the experiment scripts."""
import subprocess


def text_size(path):
    out = subprocess.run(["/usr/lib/llvm-22/bin/llvm-readelf", "-S", "-W", path], capture_output=True, text=True, check=True).stdout
    total = 0
    for line in out.splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 6 and (fields[1] == ".text" or fields[1].startswith(".text.")):
            total += int(fields[5], 16)
    return total
