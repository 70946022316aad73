# liminal_assemble_guests(<out-var> SOURCES <x.asm>... [INCLUDES <dir>...]
#                         [DEPENDS <file>...])
# Assembles each guest source into a flat binary <build>/guest/<x>.bin, the
# ESP's image directory (scripts/boot.py copies the images a config names
# from there), with guest/ on the include path (guest.inc, guest_abi.inc)
# and warnings as errors; <out-var> gets the binaries, for the caller's
# target.  guest/ (the test guests) and tests/hostile/ (the attack suite)
# both build theirs this way.
function(liminal_assemble_guests out)
	cmake_parse_arguments(G "" "" "SOURCES;INCLUDES;DEPENDS" ${ARGN})
	set(inc ${CMAKE_SOURCE_DIR}/guest)
	set(flags -I${inc}/)
	foreach(dir ${G_INCLUDES})
		list(APPEND flags -I${dir}/)
	endforeach()
	set(bins)
	foreach(src ${G_SOURCES})
		get_filename_component(name ${src} NAME_WE)
		set(bin ${CMAKE_BINARY_DIR}/guest/${name}.bin)
		add_custom_command(OUTPUT ${bin}
			COMMAND ${CMAKE_COMMAND} -E make_directory
				${CMAKE_BINARY_DIR}/guest
			COMMAND ${CMAKE_ASM_NASM_COMPILER} -f bin -w+all -Werror
				${flags} -o ${bin} ${src}
			DEPENDS ${src} ${inc}/guest.inc ${inc}/guest_abi.inc
				${G_DEPENDS}
			COMMENT "Assembling guest ${name}")
		list(APPEND bins ${bin})
	endforeach()
	set(${out} ${bins} PARENT_SCOPE)
endfunction()
