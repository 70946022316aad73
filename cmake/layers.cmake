# The modules of liminal.efi and the headers each may #include.
#
# Every header lives under include/, by module, so one -Iinclude would let
# any file include any header.  Instead each module compiles against its own
# include root, <build>/layers/<module>/, made at configure time of symbolic
# links to only the include/ directories the module may use ("dir/*": the
# files of dir, without its subdirectories).  `#include <entry/kvm.h>` keeps
# its spelling; a header of a module one may not see is "No such file or
# directory".  tests/layering checks the roots of the built targets.
#
# Each module sees itself and what is below it (Linux: lib/, kernel/,
# virt/kvm, arch/x86/kvm/{svm,vmx}; efi/ in the role of init/):
#
#          efi            svm     vmx     the backends never see each other
#           | \             \     /
#           |  `----------->  core        vmm/*.c        include/vmm/*.h
#           |                  |
#           `-------------->  host        vmm/host/      include/host/
#                              |
#                            entry        entry/         include/entry/
#                              |
#                             lib         lib/           include/lib/
#
#   and every module: include/liminal/, include/arch/.
#
# efi/ alone sees <efi.h> and include/efi/; it names what runs after it (the
# host's boot info, vmm_main, the config the core parses), and nothing of
# the firmware crosses the hand-off.  The host never names the core: the
# core is the host's payload (host_boot_info.payload) and registers its tick
# work (host_set_tick_hook).  The core sees no backend header: it names the
# two ops tables, declared in include/vmm/vcpu.h, the one reference upwards.
set(LIMINAL_LAYER_lib liminal arch lib)
set(LIMINAL_LAYER_entry ${LIMINAL_LAYER_lib} entry)
set(LIMINAL_LAYER_host ${LIMINAL_LAYER_entry} host)
set(LIMINAL_LAYER_core ${LIMINAL_LAYER_host} vmm/*)
set(LIMINAL_LAYER_svm ${LIMINAL_LAYER_core} vmm/svm)
set(LIMINAL_LAYER_vmx ${LIMINAL_LAYER_core} vmm/vmx)
set(LIMINAL_LAYER_efi ${LIMINAL_LAYER_core} efi)

# Where each module's sources are (*.c and *.asm of each directory, not
# recursive).  The test device is the core's: its state is in the core's
# guest and the board names it (include/vmm/board.h).
set(LIMINAL_SRC_lib lib)
set(LIMINAL_SRC_entry entry)
set(LIMINAL_SRC_host vmm/host)
set(LIMINAL_SRC_core vmm vmm/testdev)
set(LIMINAL_SRC_svm vmm/svm)
set(LIMINAL_SRC_vmx vmm/vmx)
set(LIMINAL_SRC_efi efi)

set(LIMINAL_MODULES lib entry host core svm vmx efi)
set(LIMINAL_LAYERS_DIR ${CMAKE_BINARY_DIR}/layers)

# liminal_include_root(<module>): (re)make the module's include root and set
# LIMINAL_ROOT_<module> to it.  The globs are CONFIGURE_DEPENDS, so a new
# header under a "dir/*" entry re-runs the configure step.
function(liminal_include_root module)
	set(root ${LIMINAL_LAYERS_DIR}/${module})
	file(REMOVE_RECURSE ${root}) # removes the links, never their targets
	file(MAKE_DIRECTORY ${root})
	foreach(entry IN LISTS LIMINAL_LAYER_${module})
		if(entry MATCHES "^(.+)/\\*$")
			set(dir ${CMAKE_MATCH_1})
			file(MAKE_DIRECTORY ${root}/${dir})
			file(GLOB files LIST_DIRECTORIES false CONFIGURE_DEPENDS
			     ${CMAKE_SOURCE_DIR}/include/${dir}/*)
			foreach(f IN LISTS files)
				get_filename_component(name ${f} NAME)
				file(CREATE_LINK ${f} ${root}/${dir}/${name}
				     SYMBOLIC)
			endforeach()
		elseif(IS_DIRECTORY ${CMAKE_SOURCE_DIR}/include/${entry})
			file(CREATE_LINK ${CMAKE_SOURCE_DIR}/include/${entry}
			     ${root}/${entry} SYMBOLIC)
		else()
			message(FATAL_ERROR "layers: include/${entry} (module "
				"${module}) is not a directory")
		endif()
	endforeach()
	set(LIMINAL_ROOT_${module} ${root} PARENT_SCOPE)
endfunction()

foreach(m IN LISTS LIMINAL_MODULES)
	liminal_include_root(${m})
endforeach()

# liminal_module_sources(<module> <var>): the module's sources.
function(liminal_module_sources module var)
	set(srcs)
	foreach(d IN LISTS LIMINAL_SRC_${module})
		file(GLOB s CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/${d}/*.c
		     ${CMAKE_SOURCE_DIR}/${d}/*.asm)
		list(APPEND srcs ${s})
	endforeach()
	set(${var} ${srcs} PARENT_SCOPE)
endfunction()

# Every source of the image belongs to exactly one module: a file in a new
# directory must be given a module (and so a place in the graph) first.
function(liminal_check_modules)
	file(GLOB_RECURSE all CONFIGURE_DEPENDS
	     ${CMAKE_SOURCE_DIR}/efi/*.c ${CMAKE_SOURCE_DIR}/efi/*.asm
	     ${CMAKE_SOURCE_DIR}/vmm/*.c ${CMAKE_SOURCE_DIR}/vmm/*.asm
	     ${CMAKE_SOURCE_DIR}/entry/*.c ${CMAKE_SOURCE_DIR}/entry/*.asm
	     ${CMAKE_SOURCE_DIR}/lib/*.c ${CMAKE_SOURCE_DIR}/lib/*.asm)
	foreach(m IN LISTS LIMINAL_MODULES)
		liminal_module_sources(${m} srcs)
		if(srcs)
			list(REMOVE_ITEM all ${srcs})
		endif()
	endforeach()
	if(all)
		list(JOIN all "\n  " orphans)
		message(FATAL_ERROR "layers: sources in no module (give their "
			"directory a module in cmake/layers.cmake):\n  ${orphans}")
	endif()
endfunction()
liminal_check_modules()
