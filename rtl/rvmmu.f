rtl/rvmmu_pkg.sv
rtl/rvmmu.sv
rtl/rvmmu_tlb.sv
rtl/rvmmu_ptw.sv
rtl/rvmmu_plru.sv
rtl/rvmmu_page_mask.sv
rtl/rvmmu_perm_check.sv
rtl/rvmmu_pte_decode.sv
